import { oidcError } from './oidc-errors.js';

/**
 * The JWS algorithms an ID token may use: asymmetric ones only (RFC 7518 §3). `none` carries no
 * signature at all, and an HS* algorithm is keyed with a shared secret: an RP that let the
 * token pick HS256 would verify it with the OP's *public* key as the HMAC key, so anyone who
 * read the JWKS could forge tokens (the algorithm-confusion attack, RFC 8725 §2.1 and §3.1).
 */
const ASYMMETRIC = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]);

/**
 * The OP's advertised ID token algorithms, narrowed to the asymmetric ones. OIDC Discovery §3
 * makes `id_token_signing_alg_values_supported` required and says RS256 must be in it, so an OP
 * that omits the list is held to RS256.
 */
export function allowedIdTokenAlgorithms(advertised: unknown): string[] {
  if (advertised === undefined) return ['RS256'];
  const list = Array.isArray(advertised) ? advertised : [];
  const allowed = list.filter(
    (alg): alg is string => typeof alg === 'string' && ASYMMETRIC.has(alg),
  );
  if (allowed.length === 0) {
    throw oidcError('oidc_alg_refused', { reason: 'no asymmetric algorithm advertised' });
  }
  return allowed;
}

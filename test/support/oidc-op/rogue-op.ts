import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  createRogueKeys,
  signRogueToken,
  type RogueKeys,
  type RogueSigning,
} from './rogue-tokens.js';

export interface RogueOpOptions {
  /** `id_token_signing_alg_values_supported` it advertises (an attacker may list HS256, none). */
  advertisedAlgs?: string[];
  /** Advertise RFC 9207 `authorization_response_iss_parameter_supported` (default true). */
  issParameterSupported?: boolean;
  /**
   * Entra multi-tenant: the connection's issuer is `<origin>/organizations/v2.0` and discovery
   * answers with the template `<origin>/{tenantid}/v2.0`.
   */
  entraTemplate?: boolean;
}

export interface RogueOp {
  /** The issuer a connection is configured with. */
  issuer: string;
  /** `issuer` from its discovery document (the template when `entraTemplate`). */
  discoveredIssuer: string;
  /** `<origin>/<tid>/v2.0`, the issuer an Entra token of tenant `tid` carries. */
  tenantIssuer(tid: string): string;
  keys: RogueKeys;
  /** The next token response carries this ID token (a test crafts it per attack). */
  respondWith(idToken: string): void;
  /** The token endpoint answers 400 with this OAuth error body instead (RFC 6749 §5.2). */
  refuseWith(error: { error: string; error_description?: string }): void;
  /** Claims of a well-formed ID token for `clientId`; override any (iss, aud, exp…). */
  claims(input: RogueClaimsInput): Record<string, unknown>;
  sign(claims: Record<string, unknown>, signing?: RogueSigning): Promise<string>;
  /** Bodies of the token requests it received (code, code_verifier, redirect_uri…). */
  tokenRequests: URLSearchParams[];
  close(): Promise<void>;
}

interface RogueState {
  idToken: string | null;
  error: { error: string; error_description?: string } | null;
  requests: URLSearchParams[];
}

export interface RogueClaimsInput {
  clientId: string;
  nonce: string;
  now?: Date;
  sub?: string;
  [claim: string]: unknown;
}

/**
 * A hostile OP on loopback for the attack fixtures: discovery, JWKS and a token endpoint that
 * hands out whatever ID token the test crafted with `jose`. It never checks the code or PKCE,
 * so a test reaches the RP's ID token checks directly.
 */
export async function startRogueOp(options: RogueOpOptions = {}): Promise<RogueOp> {
  const keys = createRogueKeys();
  const state: RogueState = { idToken: null, error: null, requests: [] };
  let origin = '';
  const server = createServer((req, res) => {
    void answer(req, origin, options, keys, state).then(({ status, body }) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  origin = `http://127.0.0.1:${await listen(server)}`;
  const issuer = options.entraTemplate ? `${origin}/organizations/v2.0` : origin;

  return {
    issuer,
    discoveredIssuer: options.entraTemplate ? `${origin}/{tenantid}/v2.0` : origin,
    tenantIssuer: (tid) => `${origin}/${tid}/v2.0`,
    keys,
    respondWith: (idToken) => {
      state.idToken = idToken;
      state.error = null;
    },
    refuseWith: (error) => {
      state.error = error;
    },
    claims: ({ clientId, nonce, now, sub, ...rest }) => {
      const at = Math.floor((now ?? new Date()).getTime() / 1000);
      return {
        iss: issuer,
        aud: clientId,
        sub: sub ?? 'rogue-subject',
        nonce,
        iat: at,
        exp: at + 300,
        auth_time: at,
        ...rest,
      };
    },
    sign: (claims, signing = 'valid') => signRogueToken(keys, claims, signing),
    tokenRequests: state.requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function answer(
  req: IncomingMessage,
  origin: string,
  options: RogueOpOptions,
  keys: RogueKeys,
  state: RogueState,
): Promise<{ status: number; body: unknown }> {
  const path = new URL(req.url ?? '/', origin).pathname;
  if (path.endsWith('/.well-known/openid-configuration')) {
    const issuer = options.entraTemplate ? `${origin}/{tenantid}/v2.0` : origin;
    return { status: 200, body: discoveryDocument(origin, issuer, options) };
  }
  if (path === '/jwks') {
    const jwk = keys.publicKey.export({ format: 'jwk' });
    return { status: 200, body: { keys: [{ ...jwk, kid: keys.kid, use: 'sig', alg: 'RS256' }] } };
  }
  if (path === '/token' && req.method === 'POST') {
    state.requests.push(new URLSearchParams(await readBody(req)));
    if (state.error) return { status: 400, body: state.error };
    if (!state.idToken) return { status: 400, body: { error: 'invalid_grant' } };
    const body = { access_token: 'rogue-access', token_type: 'Bearer', id_token: state.idToken };
    return { status: 200, body: { ...body, expires_in: 300 } };
  }
  return { status: 404, body: { error: 'not_found' } };
}

function discoveryDocument(origin: string, issuer: string, options: RogueOpOptions) {
  return {
    issuer,
    authorization_endpoint: `${origin}/authorize`,
    token_endpoint: `${origin}/token`,
    jwks_uri: `${origin}/jwks`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: options.advertisedAlgs ?? ['RS256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    authorization_response_iss_parameter_supported: options.issParameterSupported ?? true,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

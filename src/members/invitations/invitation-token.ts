import type { Keyring } from '../../secrets/keyring.js';
import {
  formatToken,
  generateSecret,
  hashSecret,
  parseToken,
  verifySecret,
  type ParsedToken,
} from '../../secrets/tokens.js';

/** Invitation tokens read `tsi_<invitation id>_<secret>` ("Tessera invitation"). */
export const INVITATION_TOKEN_PREFIX = 'tsi';
/** How long an invitation can be accepted; a refresh starts a new period. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** A new token for an invitation: shown once to the inviter, only its keyed hash is stored. */
export function issueInvitationToken(
  keyring: Keyring,
  invitationId: string,
): { token: string; tokenHash: string } {
  const secret = generateSecret();
  const stored = hashSecret(keyring, secret);
  return {
    token: formatToken(INVITATION_TOKEN_PREFIX, invitationId, secret),
    tokenHash: `${stored.hashKeyId}:${stored.secretHash}`,
  };
}

/** Splits a presented token; anything not of our shape is `undefined`. */
export function parseInvitationToken(token: string): ParsedToken | undefined {
  return parseToken(INVITATION_TOKEN_PREFIX, token);
}

/** Constant-time check of a presented secret against the stored `<hashKeyId>:<hash>`. */
export function invitationSecretMatches(
  keyring: Keyring,
  tokenHash: string,
  secret: string,
): boolean {
  const separator = tokenHash.indexOf(':');
  if (separator < 0) return false;
  const stored = {
    hashKeyId: tokenHash.slice(0, separator),
    secretHash: tokenHash.slice(separator + 1),
  };
  return verifySecret(keyring, stored, secret);
}

import { describe, expect, it } from '@jest/globals';

import { FRESH_SESSION_MS, isFresh } from '../../src/access/fresh-session.js';
import type { Principal } from '../../src/access/principal.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');

function session(authenticatedAt: Date): Principal {
  return {
    kind: 'session',
    orgId: 'o',
    memberId: 'm',
    roleId: 'r',
    roleName: 'owner',
    permissions: new Set(),
    sessionId: 's',
    method: 'sso_oidc',
    authenticatedAt,
  };
}

describe('DESIGN rule 2: a fresh session is at most 15 minutes old', () => {
  it('passes at exactly 15:00', () => {
    expect(isFresh(session(new Date(NOW.getTime() - FRESH_SESSION_MS)), NOW)).toBe(true);
  });

  it('fails at 15:00 plus one millisecond', () => {
    expect(isFresh(session(new Date(NOW.getTime() - FRESH_SESSION_MS - 1)), NOW)).toBe(false);
  });

  it('passes for a sign-in this instant', () => {
    expect(isFresh(session(NOW), NOW)).toBe(true);
  });

  it('fails for a session dated one millisecond in the future', () => {
    expect(isFresh(session(new Date(NOW.getTime() + 1)), NOW)).toBe(false);
  });

  it('never passes for an API key', () => {
    const key: Principal = {
      kind: 'api_key',
      orgId: 'o',
      memberId: 'm',
      roleId: 'r',
      roleName: 'owner',
      permissions: new Set(),
      apiKeyId: 'k',
    };
    expect(isFresh(key, NOW)).toBe(false);
  });
});

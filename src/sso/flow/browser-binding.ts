import type { Request, Response } from 'express';

import type { Keyring } from '../../secrets/keyring.js';
import { generateSecret, hashSecret, verifySecret } from '../../secrets/tokens.js';

const BROWSER_COOKIE = 'tessera_sso_browser';

/**
 * Over https the name carries the `__Host-` prefix (RFC 6265bis §4.1.3.2): the browser then
 * accepts it only from this host, Secure, with Path=/ and no Domain, so a sibling subdomain
 * cannot plant its own binding id in the browser (a login CSRF). Plain http cannot use it.
 */
function cookieNameOf(publicUrl: string): string {
  return publicUrl.startsWith('https:') ? `__Host-${BROWSER_COOKIE}` : BROWSER_COOKIE;
}
const BROWSER_ID = /^[0-9a-f]{64}$/;
/** Longer than a flow lives, so a second tab's flow finds the same binding. */
const COOKIE_MAX_AGE_MS = 60 * 60 * 1000;

/**
 * The browser binding of SSO flows: a random id in an HttpOnly cookie, of which only a keyed
 * hash is stored on the flow. A response that reaches Tessera in another browser (a login CSRF,
 * or a stolen response replayed elsewhere) cannot present the id and is refused.
 *
 * `SameSite=None` is deliberate: the SAML ACS is a cross-site POST from the IdP (SAML Bindings
 * §3.5), and Lax cookies are not sent on cross-site POSTs, so a Lax binding would break every
 * SP-initiated SAML login. The cookie carries no authority by itself. Its path is `/`: flows also
 * start at `/auth/step-up` and the admin API's test route, and a narrower path would hide the
 * browser's id there, give it a second one, and break a sign-in running in another tab.
 * Browsers refuse `SameSite=None` without `Secure`, so over plain http (development and the
 * loopback tests only) it falls back to Lax, which still works for the OIDC GET callback.
 */
export function ensureBrowserId(req: Request, res: Response, publicUrl: string): string {
  // Re-set even when present, so the cookie outlives every flow started with it.
  const id = readBrowserId(req, publicUrl) ?? generateSecret();
  const secure = publicUrl.startsWith('https:');
  res.cookie(cookieNameOf(publicUrl), id, {
    httpOnly: true,
    secure,
    sameSite: secure ? 'none' : 'lax',
    path: '/',
    maxAge: COOKIE_MAX_AGE_MS,
  });
  return id;
}

/** The binding id this browser presented, or undefined (anything not of our shape). */
export function readBrowserId(req: Request, publicUrl: string): string | undefined {
  const cookieName = cookieNameOf(publicUrl);
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    const value = rest.join('=');
    if (name === cookieName && BROWSER_ID.test(value)) return value;
  }
  return undefined;
}

/** What the flow row keeps: `<key id>:<keyed hash>`, never the id itself. */
export function hashBrowserId(keyring: Keyring, browserId: string): string {
  const stored = hashSecret(keyring, browserId);
  return `${stored.hashKeyId}:${stored.secretHash}`;
}

/** Constant-time check that a presented id is the one a flow was started with. */
export function browserMatches(keyring: Keyring, stored: string, browserId: string | undefined) {
  if (!browserId) return false;
  const [hashKeyId, secretHash] = stored.split(':');
  if (!hashKeyId || !secretHash) return false;
  return verifySecret(keyring, { hashKeyId, secretHash }, browserId);
}

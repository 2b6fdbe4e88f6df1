import type { Response } from 'express';

export const SESSION_COOKIE = 'tessera_session';

/**
 * The session cookie is opaque (`<session id>.<secret>`), `HttpOnly` so scripts cannot read it,
 * `SameSite=Lax` so cross-site subrequests do not carry it, and `Secure` whenever Tessera is
 * served over https.
 */
export function setSessionCookie(
  res: Response,
  value: string,
  options: { secure: boolean; expires: Date },
): void {
  res.cookie(SESSION_COOKIE, value, {
    httpOnly: true,
    secure: options.secure,
    sameSite: 'lax',
    path: '/',
    expires: options.expires,
  });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure, sameSite: 'lax', path: '/' });
}

/**
 * Reads our cookie from the header without a cookie-parsing dependency. A value that does not
 * percent-decode (`%`, a cut-off UTF-8 escape) is no session: anyone can send such a header, so
 * it must read as "not signed in", never become a 500 on every route.
 */
export function readSessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeCookieValue(rest.join('='));
  }
  return undefined;
}

function decodeCookieValue(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    // URIError: malformed percent-encoding (RFC 3986 §2.1).
    return undefined;
  }
}

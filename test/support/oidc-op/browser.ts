/**
 * A browser for the OIDC login dance: plain fetch, manual redirects, cookies kept per host
 * (name=value only; the test peers are on loopback and scope their cookies by name).
 */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>();

  store(url: URL, response: Response): void {
    const cookies = this.byHost.get(url.host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      if (at <= 0) continue;
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expired = /max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '';
      if (expired) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.byHost.set(url.host, cookies);
  }

  header(url: URL): string {
    const cookies = this.byHost.get(url.host);
    if (!cookies) return '';
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export interface FollowOptions {
  /** Keep cookies across logins (an OP session); a fresh jar by default. */
  jar?: CookieJar;
  maxHops?: number;
}

/**
 * Follows an authorization URL (the `Location` Tessera answered `/sso/.../login` with) through
 * the OP and its interaction, and returns the first redirect that leaves the OP: the callback
 * URL with `code`, `state` and `iss` (or `error`), for the caller to hit Tessera with.
 */
export async function followOidcLogin(
  authorizationUrl: string | URL,
  options: FollowOptions = {},
): Promise<URL> {
  const jar = options.jar ?? new CookieJar();
  let url = new URL(authorizationUrl);
  const opOrigin = url.origin;
  for (let hop = 0; hop < (options.maxHops ?? 10); hop++) {
    const cookie = jar.header(url);
    const response = await fetch(url, {
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
    });
    jar.store(url, response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      const body = (await response.text()).slice(0, 500);
      throw new Error(`OIDC OP answered ${response.status} at ${url.pathname}: ${body}`);
    }
    await response.body?.cancel();
    url = new URL(location, url);
    if (url.origin !== opOrigin) return url;
  }
  throw new Error('OIDC OP: too many redirects');
}

/** Splits a callback URL into the path+query supertest needs (`/sso/oidc/<id>/callback?...`). */
export function callbackPath(callbackUrl: URL): string {
  return `${callbackUrl.pathname}${callbackUrl.search}`;
}

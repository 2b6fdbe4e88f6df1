import type { Response } from 'supertest';

import type { TestApp } from './test-app.js';

/**
 * A browser on Tessera's side of an SSO login: keeps the cookies Tessera sets (by name, one host)
 * and sends them back, as a browser would for `/sso` and `/auth` requests.
 */
export class TesseraBrowser {
  readonly cookies = new Map<string, string>();

  constructor(private readonly t: TestApp) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.t.http.get(path).set({ ...headers, Cookie: this.cookieHeader() });
    return this.keep(res);
  }

  /** An HTML form POST (the SAML HTTP-POST binding's auto-submitted form). */
  async postForm(path: string, form: Record<string, string>): Promise<Response> {
    const res = await this.t.http
      .post(path)
      .set('Cookie', this.cookieHeader())
      .type('form')
      .send(form);
    return this.keep(res);
  }

  /** A script's JSON POST, with the anti-CSRF header every cookie-authenticated write sends. */
  async postJson(path: string, body: object = {}): Promise<Response> {
    const res = await this.t.http
      .post(path)
      .set({ Cookie: this.cookieHeader(), 'X-Tessera-CSRF': '1' })
      .send(body);
    return this.keep(res);
  }

  /** An admin API call with the session cookie. */
  adminRequest(method: 'get' | 'put' | 'post' | 'delete', path: string) {
    return this.t.http[method](path).set({ Cookie: this.cookieHeader(), 'X-Tessera-CSRF': '1' });
  }

  /** Keeps the cookies of a response this browser received some other way. */
  keep(res: Response): Response {
    const lines = res.headers['set-cookie'] as unknown as string[] | undefined;
    for (const line of lines ?? []) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value === '' || /expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}

import type supertest from 'supertest';

import type { TestApp } from '../../support/test-app.js';

/**
 * A SCIM client that sends exactly the headers one IdP sends (its User-Agent, Accept and
 * Content-Type), plus the bearer token. A header given as `undefined` is not sent at all.
 */
export function vendorClient(
  t: TestApp,
  token: string,
  headers: Record<string, string | undefined>,
) {
  const prepare = (req: supertest.Test) => {
    req.set('Authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined && name.toLowerCase() !== 'content-type') req.set(name, value);
    }
    return req;
  };
  const withBody = (req: supertest.Test, body: unknown) => {
    const type = headers['Content-Type'] ?? 'application/scim+json';
    return prepare(req).set('Content-Type', type).send(JSON.stringify(body));
  };
  const url = (path: string) => `/scim/v2${path}`;

  return {
    get: (path: string) => prepare(t.http.get(url(path))),
    delete: (path: string) => prepare(t.http.delete(url(path))),
    post: (path: string, body: unknown) => withBody(t.http.post(url(path)), body),
    put: (path: string, body: unknown) => withBody(t.http.put(url(path)), body),
    patch: (path: string, body: unknown) => withBody(t.http.patch(url(path)), body),
  };
}

export type VendorClient = ReturnType<typeof vendorClient>;

/** `filter=…` with the value percent-encoded the way IdPs put it on the wire. */
export function filterQuery(filter: string): string {
  return `filter=${encodeURIComponent(filter)}`;
}

import { SCIM_JSON } from './test-app.js';

/** A SCIM client over real HTTP (fetch) to one server, with a bounded wait per request. */
export interface HttpScim {
  request(method: string, path: string, body?: unknown): Promise<HttpAnswer>;
}

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
}

export function httpScim(baseUrl: string, token: string, timeoutMs = 10_000): HttpScim {
  return {
    async request(method, path, body) {
      const res = await fetch(`${baseUrl}/scim/v2${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: SCIM_JSON,
          ...(body === undefined ? {} : { 'Content-Type': SCIM_JSON }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : {} };
    },
  };
}

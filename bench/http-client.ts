import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** One answered request: what came back and how long it took, body included. */
export interface HttpResult {
  status: number;
  body: string;
  ms: number;
}

const SCIM_JSON = 'application/scim+json';
/** A request still unanswered after this long is a failure, so no phase can hang. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * A SCIM client over keep-alive HTTP/1.1 connections to the app on loopback, with at most
 * `sockets` connections: one per concurrent benchmark client.
 */
export class BenchClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly origin: URL,
    private readonly token: string,
    sockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  request(method: string, path: string, body?: unknown): Promise<HttpResult> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = {
      authorization: `Bearer ${this.token}`,
      accept: SCIM_JSON,
    };
    if (payload !== undefined) {
      headers['content-type'] = SCIM_JSON;
      headers['content-length'] = Buffer.byteLength(payload);
    }

    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.request(
        {
          host: this.origin.hostname,
          port: this.origin.port,
          method,
          path: `/scim/v2${path}`,
          headers,
          agent: this.agent,
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const ms = performance.now() - started;
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

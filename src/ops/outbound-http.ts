import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

import { isPublicAddress } from './outbound-address.js';

/**
 * Requests Tessera makes to addresses an admin typed: SAML metadata URLs, OIDC discovery, JWKS
 * and token endpoints, webhooks. An admin-supplied URL must not become a way to reach the
 * operator's private network (SSRF), so every such request goes through one fetch with one
 * policy.
 */
export interface OutboundPolicy {
  /** Private, loopback and link-local addresses; off unless the operator allows them. */
  allowPrivateNetworks: boolean;
  /** Plain http; only tests that run peers on loopback set it. */
  allowHttp: boolean;
  /** Largest response body read, in bytes. */
  maxResponseBytes: number;
  timeoutMs: number;
}

/** The Fetch API shape, so openid-client can take it as its `customFetch`. */
export type OutboundFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export const DEFAULT_OUTBOUND_POLICY: OutboundPolicy = {
  allowPrivateNetworks: false,
  allowHttp: false,
  maxResponseBytes: 1_000_000,
  timeoutMs: 10_000,
};

export type OutboundRefusal = 'scheme' | 'address' | 'too_large' | 'timeout' | 'redirect';

/** An outbound request the policy refused or cut short. The message names no secret. */
export class OutboundRequestError extends Error {
  constructor(
    readonly reason: OutboundRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundRequestError';
  }
}

/** Statuses whose response has no body (Fetch standard, "null body status"). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A Fetch-shaped client that enforces `policy`: scheme, destination address (checked on the
 * address actually connected to, so a DNS answer that changes between check and connect cannot
 * slip through), no redirects (a 3xx is returned as is, never followed), a body size cap and a
 * timeout over the whole exchange.
 */
export function createOutboundFetch(policy: OutboundPolicy): OutboundFetch {
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) {
      throw new OutboundRequestError('scheme', `${url.protocol} URLs are not allowed`);
    }
    if (init.redirect === 'error') {
      // Callers asking for `error` get what they asked for if a redirect comes back.
      const response = await send(policy, url, init);
      if (response.status >= 300 && response.status < 400) {
        throw new OutboundRequestError('redirect', 'the server answered with a redirect');
      }
      return response;
    }
    return send(policy, url, init);
  };
}

async function send(policy: OutboundPolicy, url: URL, init: RequestInit): Promise<Response> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // Node connects to IP literals without calling `lookup`, so they are judged here.
  if (isIP(host) && !policy.allowPrivateNetworks && !isPublicAddress(host)) {
    throw refusedAddress();
  }
  const headers = new Headers(init.headers);
  const body = encodeBody(init.body, headers);
  // Compressed bodies would let a small download expand past the size cap.
  headers.set('accept-encoding', 'identity');
  if (body) headers.set('content-length', String(body.length));

  return new Promise<Response>((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: init.method ?? 'GET',
      headers: headerObject(headers),
      agent: false,
      lookup: checkedLookup(policy),
    });
    const fail = (error: Error) => {
      request.destroy(error);
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new OutboundRequestError('timeout', `no answer within ${policy.timeoutMs} ms`)),
      policy.timeoutMs,
    );
    const signal = init.signal;
    const onAbort = () => fail(signal?.reason ?? new Error('aborted'));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };

    request.on('error', (error) => {
      done();
      reject(error);
    });
    request.once('response', (incoming) => {
      readLimited(incoming, policy.maxResponseBytes).then(
        (buffer) => {
          done();
          resolve(toResponse(incoming, buffer));
        },
        (error: Error) => {
          done();
          fail(error);
        },
      );
    });
    request.end(body);
  });
}

/** The DNS step of every connection: each resolved address must pass the policy. */
function checkedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.some((a) => !isPublicAddress(a.address));
      if (!policy.allowPrivateNetworks && refused) return callback(refusedAddress(), '', 0);
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

function headerObject(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => (result[name] = value));
  return result;
}

function refusedAddress(): OutboundRequestError {
  return new OutboundRequestError(
    'address',
    'the host is a private, loopback, link-local or otherwise non-public address',
  );
}

function encodeBody(body: RequestInit['body'], headers: Headers): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') {
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
    return Buffer.from(body, 'utf8');
  }
  if (body instanceof URLSearchParams) {
    if (!headers.has('content-type')) {
      headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    }
    return Buffer.from(body.toString(), 'utf8');
  }
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('outbound requests take a string, URLSearchParams or bytes as body');
}

/** Reads the body up to `limit` bytes; one byte more and the exchange is abandoned. */
function readLimited(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new OutboundRequestError('too_large', `the response is larger than ${limit} bytes`);
  return new Promise((resolve, reject) => {
    const declared = Number(incoming.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(tooLarge());
        return incoming.destroy();
      }
      chunks.push(chunk);
    });
    incoming.once('end', () => resolve(Buffer.concat(chunks)));
    incoming.once('error', reject);
    incoming.once('aborted', () => reject(new Error('the response was cut off')));
  });
}

function toResponse(incoming: IncomingMessage, buffer: Buffer): Response {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const status = incoming.statusCode ?? 502;
  return new Response(NULL_BODY_STATUSES.has(status) ? null : new Uint8Array(buffer), {
    status,
    statusText: incoming.statusMessage ?? '',
    headers,
  });
}

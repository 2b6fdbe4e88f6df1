import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { isPublicAddress } from '../../src/ops/outbound-address.js';
import {
  createOutboundFetch,
  DEFAULT_OUTBOUND_POLICY,
  OutboundRequestError,
  type OutboundPolicy,
} from '../../src/ops/outbound-http.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const ROUTES: Record<string, Handler> = {
  '/hello': (_req, res) => res.end('hello'),
  '/echo': (req, res, body) =>
    res.setHeader('content-type', 'application/json').end(
      JSON.stringify({
        method: req.method,
        body,
        contentType: req.headers['content-type'],
        encoding: req.headers['accept-encoding'],
      }),
    ),
  '/redirect': (_req, res) => res.writeHead(302, { location: '/hello' }).end(),
  '/big': (_req, res) => res.end('x'.repeat(2_000)),
  '/big-chunked': (_req, res) => {
    res.write('x'.repeat(700));
    setTimeout(() => res.end('y'.repeat(700)), 10);
  },
  '/silent': () => undefined,
  '/empty': (_req, res) => res.writeHead(204).end(),
};

let server: Server;
let port: number;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const route = ROUTES[req.url ?? ''];
      if (route) route(req, res, body);
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const loopbackPolicy: OutboundPolicy = {
  ...DEFAULT_OUTBOUND_POLICY,
  allowHttp: true,
  allowPrivateNetworks: true,
  maxResponseBytes: 1_000,
  timeoutMs: 300,
};
const local = (path: string, host = '127.0.0.1') => `http://${host}:${port}${path}`;

async function refusal(promise: Promise<unknown>): Promise<OutboundRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundRequestError);
  return error as OutboundRequestError;
}

describe('outbound fetch: SSRF guard on admin-supplied URLs', () => {
  it('refuses a loopback server by IP literal and by name unless private is allowed', async () => {
    const strict = createOutboundFetch({ ...loopbackPolicy, allowPrivateNetworks: false });
    const before = seen.length;
    for (const host of ['127.0.0.1', 'localhost', '[::ffff:127.0.0.1]']) {
      expect((await refusal(strict(local('/hello', host)))).reason).toBe('address');
    }
    expect(seen.length).toBe(before);

    const open = createOutboundFetch(loopbackPolicy);
    const res = await open(local('/hello', 'localhost'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello');
  });

  it('refuses plain http unless the policy allows it', async () => {
    const httpsOnly = createOutboundFetch({ ...loopbackPolicy, allowHttp: false });
    expect((await refusal(httpsOnly(local('/hello')))).reason).toBe('scheme');
    expect((await refusal(httpsOnly('file:///etc/passwd'))).reason).toBe('scheme');
  });

  it('does not follow a redirect: the 3xx comes back, its target is never requested', async () => {
    const before = seen.length;
    const res = await createOutboundFetch(loopbackPolicy)(local('/redirect'));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/hello');
    expect(seen.slice(before)).toEqual(['/redirect']);
    const strict = createOutboundFetch(loopbackPolicy)(local('/redirect'), { redirect: 'error' });
    expect((await refusal(strict)).reason).toBe('redirect');
  });

  it('cuts a body larger than maxResponseBytes, declared or streamed', async () => {
    const fetch = createOutboundFetch(loopbackPolicy);
    expect((await refusal(fetch(local('/big')))).reason).toBe('too_large');
    expect((await refusal(fetch(local('/big-chunked')))).reason).toBe('too_large');
    const roomy = createOutboundFetch({ ...loopbackPolicy, maxResponseBytes: 2_000 });
    expect((await (await roomy(local('/big'))).text()).length).toBe(2_000);
  });

  it('gives up on a server that does not answer within timeoutMs', async () => {
    const started = Date.now();
    expect((await refusal(createOutboundFetch(loopbackPolicy)(local('/silent')))).reason).toBe(
      'timeout',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('sends method, form body and headers the way openid-client passes them', async () => {
    const res = await createOutboundFetch(loopbackPolicy)(local('/echo'), {
      method: 'POST',
      headers: { 'accept-encoding': 'gzip' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'abc' }),
    });
    expect(await res.json()).toEqual({
      method: 'POST',
      body: 'grant_type=authorization_code&code=abc',
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
      encoding: 'identity',
    });
    const empty = await createOutboundFetch(loopbackPolicy)(local('/empty'));
    expect(empty.status).toBe(204);
  });

  it('honours an abort signal', async () => {
    const controller = new AbortController();
    const pending = createOutboundFetch({ ...loopbackPolicy, timeoutMs: 5_000 })(local('/silent'), {
      signal: controller.signal,
    });
    controller.abort(new Error('caller gave up'));
    await expect(pending).rejects.toThrow('caller gave up');
  });
});

describe('which addresses count as public', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fd00:ec2::254',
    'fc00::1',
    'ff02::1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::a00:1',
    '2002:7f00:1::',
    '2001:db8::1',
    'not-an-ip',
  ])('%s is refused', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is allowed',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

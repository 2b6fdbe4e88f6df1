import { Writable } from 'node:stream';

import { describe, expect, it } from '@jest/globals';

import { createLogger } from '../../src/ops/logger.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('log redaction (DESIGN rule 8: no secret logged in plain text)', () => {
  it('blanks credentials in headers and the parameters of a failed query', () => {
    const { logger, lines } = capture();
    logger.error(
      {
        req: { headers: { authorization: 'Bearer tss_x', cookie: 'tessera_session=abc' } },
        err: {
          message: 'boom',
          parameters: ['hash-of-a-secret'],
          driverError: { parameters: [1] },
        },
        token: 'tsk_secret',
      },
      'failed',
    );
    const line = lines.join('');
    for (const secret of ['tss_x', 'tessera_session=abc', 'hash-of-a-secret', 'tsk_secret']) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line).err).toMatchObject({
      message: 'boom',
      parameters: '[redacted]',
      driverError: { parameters: '[redacted]' },
    });
  });

  it.each([
    ['an Authorization header', { req: { headers: { authorization: 'Bearer S3CRET-1' } } }],
    ['a Proxy-Authorization header', { req: { headers: { 'proxy-authorization': 'S3CRET-1' } } }],
    ['a Set-Cookie header', { res: { headers: { 'set-cookie': ['tessera_session=S3CRET-1'] } } }],
    ['a header object of an outbound call', { call: { headers: { authorization: 'S3CRET-1' } } }],
    ['a SAMLResponse form field', { body: { SAMLResponse: 'PHNhbWxw-S3CRET-1' } }],
    ['a SAMLRequest', { SAMLRequest: 'S3CRET-1' }],
    ['an ID token', { tokens: { id_token: 'eyJ.S3CRET-1' } }],
    ['an access token', { tokens: { access_token: 'S3CRET-1' } }],
    ['a refresh token', { tokens: { refreshToken: 'S3CRET-1' } }],
    ['an authorization code in a token request', { request: { body: { code: 'S3CRET-1' } } }],
    ['a PKCE verifier', { flow: { code_verifier: 'S3CRET-1' } }],
    ['an OIDC client secret', { connection: { client_secret: 'S3CRET-1' } }],
    ['a webhook signing secret', { endpoint: { webhookSecret: 'whsec_S3CRET-1' } }],
    ['a TOTP secret', { owner: { totpSecret: 'S3CRET-1' } }],
    ['a password', { password: 'S3CRET-1' }],
  ])('blanks %s', (_what, fields) => {
    const { logger, lines } = capture();
    logger.warn(fields, 'something happened');
    expect(lines.join('')).not.toContain('S3CRET-1');
    expect(lines.join('')).toContain('[redacted]');
  });

  it('keeps the stable error code, which is no secret', () => {
    const { logger, lines } = capture();
    logger.warn({ code: 'invalid_request', err: { code: '23505' } }, 'refused');
    expect(JSON.parse(lines.join(''))).toMatchObject({
      code: 'invalid_request',
      err: { code: '23505' },
    });
  });
});

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
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import {
  openTestLog,
  recordSecretsOfCliOutput,
  recordTestSecret,
} from '../support/secret-ledger.js';
import { findLeakedSecrets, TEST_LOG_DIR_ENV } from '../support/secret-scan.js';

/**
 * The check the test run ends with (test/support/secret-scan.ts): it must fail when a
 * secret a test used reaches a log. Here it runs on a folder of its own, with a planted leak.
 */
describe('the run-wide check that no secret reaches a log', () => {
  let dir: string;
  let runDir: string | undefined;

  beforeEach(() => {
    runDir = process.env[TEST_LOG_DIR_ENV];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-secret-scan-'));
    process.env[TEST_LOG_DIR_ENV] = dir;
  });
  afterEach(() => {
    process.env[TEST_LOG_DIR_ENV] = runDir;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds a planted secret, naming its kind and the log file', () => {
    const token = `tss_0b9e6c3a-6a43-4c3e-9c57-3b1f1c0f7a11_${'ab'.repeat(32)}`;
    recordTestSecret('SCIM token', 'ab'.repeat(32));
    recordTestSecret('break-glass password', 'kqzra-7mxpl-2vbnc-q3wer-tyuio-pasdf');
    openTestLog('app')('{"level":30,"msg":"request completed"}\n');
    const leaky = openTestLog('app');
    leaky(`{"level":50,"headers":{"authorization":"Bearer ${token}"}}\n`);

    const leaks = findLeakedSecrets(dir);
    expect(leaks).toEqual([
      { kind: 'SCIM token', file: expect.stringMatching(/^app-\d+-\d+\.log$/) },
    ]);
  });

  it('finds nothing in clean logs, and ignores values too short to be told from chance', () => {
    recordTestSecret('TOTP code', '123456');
    recordTestSecret('API key', 'cd'.repeat(32));
    openTestLog('server')('{"msg":"listening","port":123456}\n');
    expect(findLeakedSecrets(dir)).toEqual([]);
  });

  it('learns the secrets a CLI run printed as JSON', () => {
    recordSecretsOfCliOutput(
      'Created.\n{"id":"o1","owner":{"password":"kqzra-7mxpl-2vbnc-q3wer-tyuio-pasdf",' +
        '"totpSecret":"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}}\n',
    );
    openTestLog('cli')('tessera: warning JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n');
    expect(findLeakedSecrets(dir)).toEqual([
      { kind: 'break-glass TOTP secret', file: expect.stringMatching(/^cli-/) },
    ]);
  });
});

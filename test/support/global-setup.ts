import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Jest's globalSetup: one folder per test run for its logs and the secrets its tests used
 * (`secret-ledger.ts`); the workers inherit the variable, `secret-scan.ts` checks the folder at
 * the end. Loaded outside the test module mapper, so it imports no module of ours.
 */
export default function globalSetup(): void {
  const dir = path.join(os.tmpdir(), 'tessera-test-logs', `${Date.now()}-${randomUUID()}`);
  fs.mkdirSync(dir, { recursive: true });
  process.env.TESSERA_TEST_LOG_DIR = dir;
}

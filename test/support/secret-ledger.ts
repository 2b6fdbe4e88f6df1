import fs from 'node:fs';
import path from 'node:path';

import { LOG_SUFFIX, SECRETS_FILE, TEST_LOG_DIR_ENV } from './secret-scan.js';

/*
 * The log test: every log line a test run writes, and every secret its tests used, land
 * in one folder per run (made by `global-setup.ts`); `secret-scan.ts` then checks that no
 * secret appears in any log. Outside Jest (no folder) these do nothing.
 */

let files = 0;

function runDir(): string | undefined {
  return process.env[TEST_LOG_DIR_ENV] || undefined;
}

/** Notes a secret a test created or was given: a token, password, cookie, key, client secret. */
export function recordTestSecret(kind: string, value: string): void {
  const dir = runDir();
  if (!dir || value.length === 0) return;
  fs.appendFileSync(path.join(dir, SECRETS_FILE), JSON.stringify({ kind, value }) + '\n');
}

/** A new log file of this run, named after its source; returns an appender (no-op outside). */
export function openTestLog(source: string): (text: string) => void {
  const dir = runDir();
  if (!dir) return () => {};
  const file = path.join(dir, `${source}-${process.pid}-${++files}${LOG_SUFFIX}`);
  return (text) => fs.appendFileSync(file, text);
}

/** The secret part of `<prefix>_<id>_<secret>` or `<id>.<secret>`: the id alone is no secret. */
export function secretPartOf(token: string): string {
  return token.split(/[_.]/).pop() ?? token;
}

/** CLI fields that hold a secret shown once (`--json` output of org create, scim create…). */
const CLI_SECRET_FIELDS: Record<string, string> = {
  token: 'SCIM token',
  password: 'break-glass password',
  totpSecret: 'break-glass TOTP secret',
};

/** Records the secrets a CLI run printed on its last JSON line, if it printed one. */
export function recordSecretsOfCliOutput(stdout: string): void {
  const last = stdout.trim().split('\n').pop() ?? '';
  let value: unknown;
  try {
    value = JSON.parse(last);
  } catch {
    return;
  }
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      const kind = CLI_SECRET_FIELDS[key];
      if (kind && typeof child === 'string') {
        recordTestSecret(kind, key === 'token' ? secretPartOf(child) : child);
      }
      visit(child);
    }
  };
  visit(value);
}

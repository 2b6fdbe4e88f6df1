import fs from 'node:fs';
import path from 'node:path';

/*
 * Jest loads this file as its globalTeardown, outside the test module mapper: it imports no
 * module of ours, and `secret-ledger.ts` takes its names from here.
 */

/** Names the run folder; `global-setup.ts` spells it out too (it cannot import either). */
export const TEST_LOG_DIR_ENV = 'TESSERA_TEST_LOG_DIR';
export const SECRETS_FILE = 'secrets.jsonl';
export const LOG_SUFFIX = '.log';

/** Shorter values (a 6-digit TOTP code, a port) would match by chance; they are not tracked. */
const MIN_SECRET_LENGTH = 12;

export interface Leak {
  kind: string;
  file: string;
}

/**
 * Every recorded secret that appears in a log file of the run folder, named by kind and file
 * (never the secret itself: the report is printed).
 */
export function findLeakedSecrets(dir: string): Leak[] {
  const ledger = path.join(dir, SECRETS_FILE);
  if (!fs.existsSync(ledger)) return [];
  const secrets = fs
    .readFileSync(ledger, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { kind: string; value: string })
    .filter((s) => s.value.length >= MIN_SECRET_LENGTH);

  const leaks: Leak[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(LOG_SUFFIX))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const kinds = new Set(secrets.filter((s) => text.includes(s.value)).map((s) => s.kind));
    for (const kind of kinds) leaks.push({ kind, file });
  }
  return leaks;
}

/**
 * Jest's globalTeardown. DESIGN rule 8, checked over a whole run: no secret a test used appears
 * in any log line the run wrote. A leak fails the run and keeps the folder for a look; a clean
 * run removes it.
 */
export default function checkRunLogs(): void {
  const dir = process.env[TEST_LOG_DIR_ENV];
  if (!dir || !fs.existsSync(dir)) return;
  const leaks = findLeakedSecrets(dir);
  if (leaks.length > 0) {
    const list = leaks.map((l) => `  a ${l.kind} appears in ${l.file}`).join('\n');
    throw new Error(`secrets found in the test run's logs (kept in ${dir}):\n${list}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

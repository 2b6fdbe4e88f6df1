import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';

import { postgresBinDir } from './private-postgres.js';

const run = promisify(execFile);

/** `pg_dump -Fc`: the custom format, compressed, restorable table by table with `pg_restore`. */
export async function pgDump(databaseUrl: string, file: string): Promise<void> {
  await run(tool('pg_dump'), ['-Fc', '--no-owner', '-f', file, '-d', databaseUrl], {
    timeout: 60_000,
  });
}

/** `pg_restore` into an existing, empty database; fails on any error rather than carrying on. */
export async function pgRestore(file: string, databaseUrl: string): Promise<void> {
  await run(
    tool('pg_restore'),
    ['--no-owner', '--exit-on-error', '--single-transaction', '-d', databaseUrl, file],
    { timeout: 60_000 },
  );
}

/** The client tools of the newest installed Postgres (at least the server's version). */
function tool(name: string): string {
  return path.join(postgresBinDir(), name);
}

import { parseArgs } from 'node:util';

import { ConfigError, loadConfig } from '../config/config.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { TesseraError } from '../errors.js';
import { createLogger } from '../ops/logger.js';
import { openRuntime } from '../runtime.js';
import { createCliOutput, UsageError } from './cli-output.js';
import {
  auditVerify,
  breakGlassReset,
  orgCreate,
  scimCreate,
  scimRotate,
  type CommandDeps,
  type Flags,
} from './commands.js';
import { keysRotate, keysStatus } from './key-commands.js';

const USAGE = `Usage: npm run tessera -- <command> [--json]

  org create --name NAME --slug SLUG --owner-email EMAIL
      (prints the break-glass owner's password and TOTP secret once)
  break-glass reset --org SLUG --email EMAIL
      (new password and TOTP secret for an active owner, matched by userName or primary email:
       replaces their break-glass credential and ends its sessions, or issues their first one)
  scim create --org SLUG [--name NAME]
  scim rotate --org SLUG --connection ID [--overlap-minutes N]   (default overlap: 60)
  audit verify --org SLUG
  keys rotate [--batch-size N]   (re-encrypts stored secrets with the first key of
                                  TESSERA_ENCRYPTION_KEYS; default batch: 100 rows)
  keys status                    (how many stored secrets each key protects)
`;

type Command = (deps: CommandDeps, flags: Flags) => Promise<void | boolean>;

const COMMANDS: Record<string, Command> = {
  'org create': orgCreate,
  'scim create': scimCreate,
  'scim rotate': scimRotate,
  'audit verify': auditVerify,
  'break-glass reset': breakGlassReset,
  'keys rotate': keysRotate,
  'keys status': keysStatus,
};

/** The operator CLI: what an operator does before any admin can sign in. Returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const { values, positionals } = readArgs(argv);
  const command = COMMANDS[positionals.slice(0, 2).join(' ')];
  if (!command || values.help) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }

  const config = loadConfig();
  // Warnings go to stderr so that stdout stays one result (and JSON, with --json).
  const logger = createLogger(
    config.logLevel === 'info' ? 'warn' : config.logLevel,
    process.stderr,
  );
  const runtime = await openRuntime(config, logger);
  try {
    const out = createCliOutput(values.json === true);
    const ok = await command(
      {
        db: runtime.db,
        keyring: runtime.keyring,
        config,
        out,
        now: () => new Date(),
        warn: (message) => process.stderr.write(`tessera: ${message}\n`),
      },
      values as Flags,
    );
    return ok === false ? 1 : 0;
  } finally {
    await runtime.close();
  }
}

function readArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        name: { type: 'string' },
        slug: { type: 'string' },
        org: { type: 'string' },
        connection: { type: 'string' },
        'overlap-minutes': { type: 'string' },
        'owner-email': { type: 'string' },
        email: { type: 'string' },
        'batch-size': { type: 'string' },
      },
    });
  } catch (e: unknown) {
    // parseArgs names the unknown or malformed option; say it without a stack trace.
    throw new UsageError((e as Error).message);
  }
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = report(e);
  },
);

function report(e: unknown): number {
  if (e instanceof DataDirLockedError) {
    process.stderr.write(
      `tessera: ${e.message}.\nThe embedded database allows one process at a time: stop the ` +
        'server first, or run Tessera on Postgres (DATABASE_URL) to use both together.\n',
    );
    return 1;
  }
  if (e instanceof UsageError || e instanceof ConfigError) {
    process.stderr.write(`tessera: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (e instanceof TesseraError && e.expose) {
    process.stderr.write(`tessera: ${e.message}\n`);
    return 1;
  }
  process.stderr.write(`tessera: ${(e as Error)?.stack ?? String(e)}\n`);
  return 1;
}

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { openTestLog, recordSecretsOfCliOutput } from './secret-ledger.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the operator CLI as an operator would, in its own process. */
export function runCli(args: string[], env: Record<string, string>): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // stdout is the command's answer (it shows secrets once, by design); stderr is its log.
    const log = openTestLog('cli');
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      log(String(d));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      recordSecretsOfCliOutput(stdout);
      resolve({ code, stdout, stderr });
    });
  });
}

export function lastJsonLine(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

/** A server started like `npm start`, with its output captured. */
export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  baseUrl: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * `direct` runs the server in one Node process (`node --import tsx`) rather than under the tsx
 * CLI, which runs it in a child of its own: a SIGKILL then hits the server itself, as a crash
 * or an OOM kill would, instead of orphaning it.
 */
export async function startServer(
  env: Record<string, string>,
  port: number,
  options: { direct?: boolean } = {},
) {
  const [command, args] = options.direct
    ? [process.execPath, ['--import', 'tsx', 'src/main.ts']]
    : [TSX, ['src/main.ts']];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const log = openTestLog('server');
  const capture = (d: unknown) => {
    output += d;
    log(String(d));
  };
  child.stdout!.on('data', capture);
  child.stderr!.on('data', capture);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const baseUrl = `http://127.0.0.1:${port}`;

  await waitFor(
    async () => (await fetch(`${baseUrl}/healthz`)).ok,
    exited,
    () => output,
  ).catch((e: unknown) => {
    // A server that never became healthy is still a process: end it, or it outlives the test.
    child.kill('SIGKILL');
    throw e;
  });
  return {
    child,
    output: () => output,
    baseUrl,
    stop: (signal: NodeJS.Signals = 'SIGTERM') => {
      child.kill(signal);
      return exited;
    },
  } satisfies ServerProcess;
}

async function waitFor(
  ready: () => Promise<boolean>,
  exited: Promise<unknown>,
  output: () => string,
): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < 300; i++) {
    if (gone) throw new Error(`server exited during start:\n${output()}`);
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start in 30 s:\n${output()}`);
}

/** A port unlikely to collide between parallel test files. */
export function testPort(): number {
  return 20000 + Math.floor(Math.random() * 20000);
}

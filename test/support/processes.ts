import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
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

export async function startServer(env: Record<string, string>, port: number) {
  const child = spawn(TSX, ['src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const baseUrl = `http://127.0.0.1:${port}`;

  await waitFor(
    async () => (await fetch(`${baseUrl}/healthz`)).ok,
    exited,
    () => output,
  );
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

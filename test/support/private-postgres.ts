import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './free-port.js';

const run = promisify(execFile);
const PG_ROOT = '/usr/lib/postgresql';

/**
 * A Postgres cluster of the test's own, in a temp folder on a free port, so a test may stop and
 * start it without touching the server every other test shares. Run as the `postgres` user when
 * the tests run as root (Postgres refuses to run as root).
 */
export class PrivatePostgres {
  private running = false;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly asUser: string[],
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const bin = postgresBinDir();
    const dir = await mkdtemp(path.join(tmpdir(), 'tessera-pg-'));
    const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
    if (asUser.length) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      await chown(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    const cluster = new PrivatePostgres(dir, await freePort(), bin, asUser);
    await cluster.exec('initdb', ['-D', cluster.dataDir, '-A', 'trust', '-U', 'postgres', '-N']);
    return cluster;
  }

  get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  get serverUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlOf(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    const log = path.join(this.dir, 'server.log');
    await this.exec('pg_ctl', [
      '-D',
      this.dataDir,
      '-o',
      options,
      '-l',
      log,
      '-w',
      '-t',
      '30',
      'start',
    ]);
    this.running = true;
  }

  /** `pg_ctl stop`: fast by default (clients disconnected, a clean checkpoint). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
    this.running = false;
  }

  async createDatabase(name: string): Promise<string> {
    await this.exec('createdb', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-U',
      'postgres',
      name,
    ]);
    return this.urlOf(name);
  }

  /** Stops the cluster if it runs and removes its folder; safe to call after a failure. */
  async destroy(): Promise<void> {
    if (this.running) await this.stop('immediate').catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    const command = [...this.asUser, path.join(this.bin, tool), ...args];
    await run(command[0]!, command.slice(1), { timeout: 60_000, cwd: this.dir });
  }
}

/** The newest Postgres under /usr/lib/postgresql, or PG_BIN_DIR. */
export function postgresBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const versions = existsSync(PG_ROOT)
    ? readdirSync(PG_ROOT)
        .filter((v) => existsSync(path.join(PG_ROOT, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) {
    throw new Error(
      `no Postgres server binaries under ${PG_ROOT} (set PG_BIN_DIR to their folder)`,
    );
  }
  return path.join(PG_ROOT, versions[0]!, 'bin');
}

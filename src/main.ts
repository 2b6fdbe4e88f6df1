import type { Server } from 'node:http';

import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config/config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { createLogger, type Logger } from './ops/logger.js';
import { printBootstrapHint } from './ops/bootstrap-hint.js';
import { openRuntime } from './runtime.js';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config, logger);

  const app = createApp({
    db: runtime.db,
    logger,
    clock: systemClock,
    keyring: runtime.keyring,
    publicUrl: config.publicUrl,
    trustedProxies: config.trustedProxies,
  });
  const server = app.listen(config.port, () => {
    logger.info(
      { port: config.port, publicUrl: config.publicUrl, embedded: runtime.embedded },
      'tessera listening',
    );
  });
  await printBootstrapHint(runtime.db, runtime.embedded);

  const stop = () => shutdown(server, runtime.close, logger);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Stops accepting, lets in-flight requests finish (bounded), closes the database, exits 0. */
function shutdown(server: Server, close: () => Promise<void>, logger: Logger): void {
  logger.info('shutting down');
  const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
  server.close(async () => {
    clearTimeout(force);
    await close();
    logger.info('stopped');
    process.exitCode = 0;
  });
  server.closeIdleConnections();
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof DataDirLockedError) {
    process.stderr.write(`tessera: ${e.message}\n`);
  } else {
    process.stderr.write(`tessera: failed to start: ${(e as Error)?.stack ?? String(e)}\n`);
  }
  process.exitCode = 1;
});

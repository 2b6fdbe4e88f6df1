import type { Server } from 'node:http';

import { createApp, resolveAppDeps } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config/config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { startWebhookWorker } from './events/webhook-worker.js';
import { startHousekeeping } from './ops/housekeeping.js';
import { createLogger, type Logger } from './ops/logger.js';
import { DEFAULT_OUTBOUND_POLICY } from './ops/outbound-http.js';
import { printBootstrapHint } from './ops/bootstrap-hint.js';
import { openRuntime } from './runtime.js';
import { refreshSamlMetadata } from './sso/connections/refresh-saml-metadata.js';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config, logger);
  const outboundPolicy = {
    ...DEFAULT_OUTBOUND_POLICY,
    allowPrivateNetworks: config.outboundAllowPrivate,
  };
  if (config.outboundAllowPrivate) {
    logger.warn(
      'TESSERA_OUTBOUND_ALLOW_PRIVATE is on: admin-supplied URLs may reach private networks',
    );
  }

  // Resolved once, so the webhook worker counts into the same metrics registry as `/metrics`.
  const appDeps = resolveAppDeps({
    db: runtime.db,
    logger,
    clock: systemClock,
    keyring: runtime.keyring,
    publicUrl: config.publicUrl,
    trustedProxies: config.trustedProxies,
    metricsToken: config.metricsToken,
    outboundPolicy,
  });
  const app = createApp(appDeps);
  const webhooks = startWebhookWorker(appDeps);
  startMetadataRefresh(appDeps, logger);
  startHousekeeping(runtime.db, systemClock, logger);
  const server = app.listen(config.port, () => {
    logger.info(
      { port: config.port, publicUrl: config.publicUrl, embedded: runtime.embedded },
      'tessera listening',
    );
  });
  await printBootstrapHint(runtime.db, runtime.embedded);

  // The worker stops (its round in flight finished) before the pool it uses closes.
  const close = async () => {
    await webhooks.stop();
    await runtime.close();
  };
  const stop = () => shutdown(server, close, logger);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

const METADATA_REFRESH_EVERY_MS = 60 * 60 * 1000;

/**
 * Re-reads SAML metadata URLs hourly (each connection at most once a day). Unref'd: it never
 * keeps the process alive, and a round that fails is logged and tried again next hour.
 */
function startMetadataRefresh(deps: ReturnType<typeof resolveAppDeps>, logger: Logger): void {
  const round = () => {
    refreshSamlMetadata(deps, deps.clock.now()).catch((e: unknown) =>
      logger.error({ err: e }, 'SAML metadata refresh round failed'),
    );
  };
  setTimeout(round, 60_000).unref();
  setInterval(round, METADATA_REFRESH_EVERY_MS).unref();
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

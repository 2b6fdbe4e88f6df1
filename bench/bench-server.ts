import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Express } from 'express';
import type { DataSource } from 'typeorm';

import { createApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { createLogger } from '../src/ops/logger.js';
import type { Keyring } from '../src/secrets/keyring.js';

export interface BenchServer {
  origin: URL;
  close(): Promise<void>;
}

/** Longer than any pause between phases, so the client never reuses a socket being closed. */
const KEEP_ALIVE_MS = 120_000;

/**
 * The real app, built by its composition root, on an ephemeral loopback port. The server
 * listens first so `publicUrl` can name the port the app's `location` links point at.
 */
export async function startBenchServer(db: DataSource, keyring: Keyring): Promise<BenchServer> {
  let app: Express | undefined;
  const server = http.createServer((req, res) => app!(req, res));
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });

  const { port } = server.address() as AddressInfo;
  const publicUrl = `http://127.0.0.1:${port}`;
  const logger = createLogger('silent');
  app = createApp({ db, logger, clock: systemClock, keyring, publicUrl });

  return {
    origin: new URL(publicUrl),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

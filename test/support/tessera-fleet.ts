import type { DataSource } from 'typeorm';

import { createBreakGlassOwner } from '../../src/auth/break-glass/create-break-glass-owner.js';
import type { IssuedBreakGlassCredential } from '../../src/auth/break-glass/issue-credential.js';
import { openDatabase } from '../../src/db/data-source.js';
import { createOrganization } from '../../src/orgs/create-organization.js';
import { createScimConnection } from '../../src/scim/connections/create-scim-connection.js';
import { Keyring } from '../../src/secrets/keyring.js';
import { freePort } from './free-port.js';
import { startServer, type ServerProcess } from './processes.js';

/** The key every process of a fleet shares, as production instances share theirs. */
export const FLEET_KEYS = `fleet1:${Buffer.alloc(32, 11).toString('base64')}`;
export const FLEET_KEYRING = Keyring.parse(FLEET_KEYS);
const OPERATOR = { type: 'operator' as const, id: 'test' };

export function fleetEnv(databaseUrl: string): Record<string, string> {
  return { DATABASE_URL: databaseUrl, TESSERA_ENCRYPTION_KEYS: FLEET_KEYS, LOG_LEVEL: 'warn' };
}

/**
 * Opens (and migrates) the database before any server starts, so that servers starting together
 * do not race each other through the migrations; the test seeds and inspects through it.
 */
export function openFleetDatabase(databaseUrl: string): Promise<DataSource> {
  return openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 4 });
}

/** Tessera processes started like `npm start`, each on a port the OS picked. */
export async function startFleet(
  databaseUrl: string,
  count: number,
  extraEnv: Record<string, string> = {},
): Promise<ServerProcess[]> {
  const env = { ...fleetEnv(databaseUrl), ...extraEnv };
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const started = await Promise.allSettled(
    ports.map((port) => startServer(env, port, { direct: true })),
  );
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failure = started.find((s) => s.status === 'rejected');
  if (failure) {
    // Leave nothing running behind a failed start: the test's afterAll never saw these.
    await Promise.all(servers.map((server) => stopServer(server)));
    throw failure.reason;
  }
  return servers;
}

/** Ends a server: SIGTERM, and SIGKILL if it has not exited within `graceMs`. */
export async function stopServer(server: ServerProcess | undefined, graceMs = 5000) {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = server.stop('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface FleetOrg {
  id: string;
  slug: string;
  token: string;
  connectionId: string;
  owner?: IssuedBreakGlassCredential;
}

/** An organization with a SCIM connection (and a break-glass owner), as `org create` makes it. */
export function seedOrganization(
  db: DataSource,
  slug: string,
  ownerEmail?: string,
): Promise<FleetOrg> {
  return db.transaction(async (manager) => {
    const at = new Date();
    const org = await createOrganization(manager, { name: slug, slug, actor: OPERATOR, at });
    const scim = await createScimConnection(manager, FLEET_KEYRING, {
      orgId: org.id,
      name: 'Fleet IdP',
      actor: OPERATOR,
      at,
    });
    const owner = ownerEmail
      ? await createBreakGlassOwner(manager, FLEET_KEYRING, {
          orgId: org.id,
          orgSlug: slug,
          email: ownerEmail,
          actor: OPERATOR,
          at,
        })
      : undefined;
    return { id: org.id, slug, token: scim.token, connectionId: scim.connectionId, owner };
  });
}

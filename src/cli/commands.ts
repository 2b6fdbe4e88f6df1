import type { DataSource } from 'typeorm';

import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import type { AuditActor } from '../audit/record-audit-event.js';
import type { Config } from '../config/config.js';
import { createOrganization } from '../orgs/create-organization.js';
import { createScimConnection } from '../scim/connections/create-scim-connection.js';
import { rotateScimToken } from '../scim/connections/rotate-scim-token.js';
import type { Keyring } from '../secrets/keyring.js';
import { UsageError, type CliOutput } from './cli-output.js';

export interface CommandDeps {
  db: DataSource;
  keyring: Keyring;
  config: Config;
  out: CliOutput;
  now: () => Date;
}

export type Flags = Record<string, string | boolean | undefined>;

const OPERATOR: AuditActor = { type: 'operator', id: 'cli' };

export async function orgCreate(deps: CommandDeps, flags: Flags): Promise<void> {
  const org = await deps.db.transaction((manager) =>
    createOrganization(manager, {
      name: required(flags, 'name'),
      slug: required(flags, 'slug'),
      actor: OPERATOR,
      at: deps.now(),
    }),
  );
  deps.out.result(`Created organization ${org.slug} (${org.id}).`, {
    id: org.id,
    name: org.name,
    slug: org.slug,
  });
}

export async function scimCreate(deps: CommandDeps, flags: Flags): Promise<void> {
  const orgId = await orgIdOf(deps.db, required(flags, 'org'));
  const name = optional(flags, 'name') ?? 'SCIM directory';
  const created = await deps.db.transaction((manager) =>
    createScimConnection(manager, deps.keyring, { orgId, name, actor: OPERATOR, at: deps.now() }),
  );
  const baseUrl = `${deps.config.publicUrl}/scim/v2`;
  deps.out.result(
    `Created SCIM connection ${created.connectionId}.\n` +
      `  Base URL: ${baseUrl}\n  Token:    ${created.token}\n` +
      'The token is shown this once: paste it into the IdP now.',
    { connectionId: created.connectionId, baseUrl, token: created.token },
  );
}

export async function scimRotate(deps: CommandDeps, flags: Flags): Promise<void> {
  const orgId = await orgIdOf(deps.db, required(flags, 'org'));
  const overlap = optional(flags, 'overlap-minutes');
  if (overlap !== undefined && !/^\d{1,6}$/.test(overlap)) {
    throw new UsageError('--overlap-minutes must be a whole number of minutes');
  }
  const rotated = await deps.db.transaction((manager) =>
    rotateScimToken(manager, deps.keyring, {
      orgId,
      connectionId: required(flags, 'connection'),
      overlapMs: overlap === undefined ? undefined : Number(overlap) * 60_000,
      actor: OPERATOR,
      at: deps.now(),
    }),
  );
  deps.out.result(
    `New token for SCIM connection ${rotated.connectionId}:\n  ${rotated.token}\n` +
      `The previous token keeps working until ${rotated.previousTokensExpireAt}.`,
    {
      connectionId: rotated.connectionId,
      token: rotated.token,
      previousTokensExpireAt: rotated.previousTokensExpireAt,
    },
  );
}

export async function auditVerify(deps: CommandDeps, flags: Flags): Promise<boolean> {
  const slug = required(flags, 'org');
  const report = await verifyAuditChain(deps.db, await orgIdOf(deps.db, slug));
  const human = report.ok
    ? `Audit trail of ${slug} verifies: ${report.events} events.`
    : `Audit trail of ${slug} is BROKEN at event ${report.brokenAt}: ${report.reason}.`;
  deps.out.result(human, { ...report });
  return report.ok;
}

async function orgIdOf(db: DataSource, slug: string): Promise<string> {
  const [row] = await db.query('SELECT id FROM organizations WHERE slug = $1', [slug]);
  if (!row) throw new UsageError(`no organization with slug "${slug}"`);
  return row.id;
}

function required(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError(`--${name} is required`);
  return value;
}

function optional(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

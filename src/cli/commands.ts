import type { DataSource } from 'typeorm';

import { createBreakGlassOwner } from '../auth/break-glass/create-break-glass-owner.js';
import type { IssuedBreakGlassCredential } from '../auth/break-glass/issue-credential.js';
import { resetBreakGlassCredential } from '../auth/break-glass/reset-break-glass-credential.js';
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
  /** A note for the operator on stderr, so that stdout stays one result. */
  warn: (message: string) => void;
}

export type Flags = Record<string, string | boolean | undefined>;

const OPERATOR: AuditActor = { type: 'operator', id: 'cli' };

/**
 * Creates an organization and, with `--owner-email`, its first owner: a break-glass member whose
 * password and TOTP secret are printed this once (DESIGN rule 4).
 */
export async function orgCreate(deps: CommandDeps, flags: Flags): Promise<void> {
  const ownerEmail = optional(flags, 'owner-email');
  const { org, owner } = await deps.db.transaction(async (manager) => {
    const at = deps.now();
    const org = await createOrganization(manager, {
      name: required(flags, 'name'),
      slug: required(flags, 'slug'),
      actor: OPERATOR,
      at,
    });
    if (ownerEmail === undefined) return { org, owner: undefined };
    const owner = await createBreakGlassOwner(manager, deps.keyring, {
      orgId: org.id,
      orgSlug: org.slug,
      email: ownerEmail,
      actor: OPERATOR,
      at,
    });
    return { org, owner };
  });
  const json = { id: org.id, name: org.name, slug: org.slug };
  const human = `Created organization ${org.slug} (${org.id}).`;
  if (!owner) {
    deps.warn('no owner was created: pass --owner-email so that someone can sign in');
    deps.out.result(human, json);
    return;
  }
  deps.out.result(`${human}\n${describeCredential('Break-glass owner', owner)}`, {
    ...json,
    owner: { ...owner },
  });
}

/**
 * Issues a new password and TOTP secret for an active owner, audited: a replacement for their
 * break-glass credential, or their first one (after an ownership transfer, the new owner has
 * none). A member who is not an active owner is refused.
 */
export async function breakGlassReset(deps: CommandDeps, flags: Flags): Promise<void> {
  const slug = required(flags, 'org');
  const email = required(flags, 'email');
  const orgId = await orgIdOf(deps.db, slug);
  const issued = await deps.db.transaction((manager) =>
    resetBreakGlassCredential(manager, deps.keyring, {
      orgId,
      orgSlug: slug,
      email,
      actor: OPERATOR,
      at: deps.now(),
    }),
  );
  deps.out.result(
    describeCredential('New break-glass credential for', issued) +
      '\nAny previous password and TOTP secret of this owner no longer work; their break-glass ' +
      'sessions were ended.',
    { ...issued },
  );
}

function describeCredential(title: string, c: IssuedBreakGlassCredential): string {
  return (
    `${title} ${c.email} (${c.memberId}):\n` +
    `  Password:    ${c.password}\n` +
    `  TOTP secret: ${c.totpSecret}\n` +
    `  TOTP URI:    ${c.otpauthUri}\n` +
    'These are shown this once: store them offline, apart from each other, now.'
  );
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

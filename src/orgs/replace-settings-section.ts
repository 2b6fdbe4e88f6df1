import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event.js';
import { RuleViolationError } from '../errors.js';
import type { RequestContext } from '../ops/request-context.js';
import { readSettingsRow } from './read-organization-settings.js';
import {
  changedKeys,
  documentOf,
  type SettingsDocument,
  type SettingsSection,
} from './settings-sections.js';

/** Who changes the settings, from where and when (an admin change has this shape). */
export interface SettingsChange {
  orgId: string;
  actor: AuditActor;
  context: RequestContext;
  at: Date;
}

export interface ReplaceSettingsResult {
  document: SettingsDocument;
  changedKeys: string[];
}

/**
 * Replaces one section with an already validated document, in the caller's transaction, and
 * records `organization.settings.updated` naming the section and the keys that changed — never
 * their values. A write that changes nothing writes nothing and records nothing.
 */
export async function replaceSettingsSection(
  manager: EntityManager,
  change: SettingsChange,
  section: SettingsSection,
  next: SettingsDocument,
): Promise<ReplaceSettingsResult> {
  const row = await readSettingsRow(manager, change.orgId, { forUpdate: true });
  const before = documentOf(section, row);
  if (section === 'security' && next.ssoEnforced === true && before.ssoEnforced !== true) {
    await assertSsoReady(manager, change.orgId);
  }
  const changed = changedKeys(before, next);
  if (changed.length === 0) return { document: next, changedKeys: [] };

  await writeSection(manager, change, section, next);
  await recordAuditEvent(manager, {
    orgId: change.orgId,
    actor: change.actor,
    action: 'organization.settings.updated',
    target: { type: 'organization', id: change.orgId },
    payload: { section, changedKeys: changed.join(',') },
    context: change.context,
    at: change.at,
  });
  return { document: next, changedKeys: changed };
}

/**
 * Enforcing SSO with no enabled SSO connection would leave members no way in (DESIGN rule 5).
 * The connections read are share-locked, so none can be disabled until this change commits.
 */
async function assertSsoReady(manager: EntityManager, orgId: string): Promise<void> {
  const enabled = await manager.query(
    'SELECT id FROM sso_connections WHERE org_id = $1 AND enabled FOR SHARE',
    [orgId],
  );
  if (enabled.length === 0) {
    throw new RuleViolationError(
      'sso_not_ready',
      'enable an SSO connection before enforcing SSO, or members could not sign in',
    );
  }
}

/**
 * The security document keeps its own column, which sessions read; it is merged so that keys
 * another feature keeps there survive. The other sections live under `settings`.
 */
async function writeSection(
  manager: EntityManager,
  change: SettingsChange,
  section: SettingsSection,
  document: SettingsDocument,
): Promise<void> {
  const json = JSON.stringify(document);
  if (section === 'security') {
    await manager.query(
      `UPDATE organizations SET security = security || $2::jsonb, updated_at = $3 WHERE id = $1`,
      [change.orgId, json, change.at],
    );
    return;
  }
  await manager.query(
    `UPDATE organizations SET settings = settings || jsonb_build_object($2::text, $3::jsonb),
       updated_at = $4 WHERE id = $1`,
    [change.orgId, section, json, change.at],
  );
}

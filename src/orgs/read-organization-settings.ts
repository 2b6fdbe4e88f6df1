import type { EntityManager } from 'typeorm';

import { NotFoundError } from '../errors.js';
import {
  documentOf,
  SETTINGS_SECTIONS,
  type SettingsDocument,
  type SettingsRow,
  type SettingsSection,
} from './settings-sections.js';

/** Every settings section of an organization, defaults filled in. */
export async function readOrganizationSettings(
  manager: EntityManager,
  orgId: string,
): Promise<Record<SettingsSection, SettingsDocument>> {
  const row = await readSettingsRow(manager, orgId);
  return Object.fromEntries(
    SETTINGS_SECTIONS.map((section) => [section, documentOf(section, row)]),
  ) as Record<SettingsSection, SettingsDocument>;
}

/**
 * The columns the documents live in. `forUpdate` locks the row for the rest of the transaction,
 * so two concurrent writes of one section cannot both compute their changed keys against the
 * same old document.
 */
export async function readSettingsRow(
  manager: EntityManager,
  orgId: string,
  options: { forUpdate?: boolean } = {},
): Promise<SettingsRow> {
  const [row] = await manager.query(
    `SELECT name, security, settings FROM organizations WHERE id = $1
      ${options.forUpdate ? 'FOR UPDATE' : ''}`,
    [orgId],
  );
  if (!row) throw new NotFoundError('no such organization');
  return row;
}

import type { z } from 'zod';

import { BILLING_SETTINGS, defaultBillingSettings } from './billing-settings.js';
import { defaultGeneralSettings, GENERAL_SETTINGS } from './general-settings.js';
import { defaultInferenceSettings, INFERENCE_SETTINGS } from './inference-settings.js';
import { defaultSecuritySettings, SECURITY_SETTINGS } from './security-settings.js';

export const SETTINGS_SECTIONS = ['general', 'billing', 'inference', 'security'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export type SettingsDocument = Record<string, unknown>;

/** What a section is checked against, and what it reads as before its first write. */
interface SectionSpec {
  schema: z.ZodType<SettingsDocument>;
  defaults(org: { name: string }): SettingsDocument;
}

/** One table for every section, so reading, validating and auditing treat them alike. */
export const SECTION_SPECS: Record<SettingsSection, SectionSpec> = {
  general: { schema: GENERAL_SETTINGS, defaults: defaultGeneralSettings },
  billing: { schema: BILLING_SETTINGS, defaults: defaultBillingSettings },
  inference: { schema: INFERENCE_SETTINGS, defaults: defaultInferenceSettings },
  security: { schema: SECURITY_SETTINGS, defaults: defaultSecuritySettings },
};

/** The organization columns the documents live in. */
export interface SettingsRow {
  name: string;
  security: Record<string, unknown> | null;
  settings: Record<string, unknown> | null;
}

/**
 * A section as stored, over its defaults and limited to the keys its schema knows: rows written
 * before a key existed read as if it had its default.
 */
export function documentOf(section: SettingsSection, row: SettingsRow): SettingsDocument {
  const defaults = SECTION_SPECS[section].defaults(row);
  const stored = (section === 'security' ? row.security : row.settings?.[section]) ?? {};
  const document: SettingsDocument = {};
  for (const key of Object.keys(defaults)) {
    const value = (stored as SettingsDocument)[key];
    document[key] = value === undefined ? defaults[key] : value;
  }
  return document;
}

/**
 * The keys whose value differs, in the document's own order. Values are compared as JSON, so
 * list order counts: a reordered list is a change an auditor may want to see.
 */
export function changedKeys(before: SettingsDocument, after: SettingsDocument): string[] {
  return Object.keys(after).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}

import type { z } from 'zod';

import { ValidationError } from '../errors.js';
import { SECTION_SPECS, type SettingsDocument, type SettingsSection } from './settings-sections.js';

/**
 * Validates a whole section sent with PUT. Unknown keys are refused by name rather than dropped:
 * a misspelt `mfaRequried` that silently did nothing would leave an admin believing MFA is on.
 */
export function parseSettingsDocument(section: SettingsSection, body: unknown): SettingsDocument {
  const result = SECTION_SPECS[section].schema.safeParse(body);
  if (result.success) return result.data;
  throw new ValidationError(`${section} settings: ${describeIssues(result.error.issues)}`);
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown keys: ${issue.keys.join(', ')}`;
      if (issue.path.length === 0) return 'the body must be a JSON object';
      const where = pathText(issue.path);
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

function pathText(path: PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
    .join('');
}

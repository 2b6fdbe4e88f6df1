import { z } from 'zod';

import { DEFAULT_SECURITY } from './create-organization.js';

/**
 * The `security` document, stored in `organizations.security`. Every key is required: leaving
 * one out must not quietly switch MFA or SSO enforcement off. A session's absolute lifetime can
 * never be shorter than its idle lifetime.
 */
export const SECURITY_SETTINGS = z
  .strictObject({
    ssoEnforced: z.boolean(),
    mfaRequired: z.boolean(),
    sessionIdleMinutes: z.int().min(5).max(1440),
    sessionAbsoluteHours: z.int().min(1).max(720),
  })
  .refine((doc) => doc.sessionAbsoluteHours * 60 >= doc.sessionIdleMinutes, {
    error: 'must be at least sessionIdleMinutes',
    path: ['sessionAbsoluteHours'],
  });

export type SecuritySettings = z.infer<typeof SECURITY_SETTINGS>;

export function defaultSecuritySettings(): SecuritySettings {
  return { ...DEFAULT_SECURITY };
}

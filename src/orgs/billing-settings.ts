import { z } from 'zod';

/** The plans Tessera knows; billing itself lives elsewhere and reads this document. */
export const PLANS = ['free', 'team', 'business', 'enterprise'] as const;

/** VAT numbers, EINs, ABNs…: letters and digits with the separators people type. */
const TAX_ID = /^[A-Za-z0-9](?:[A-Za-z0-9 .\/-]{0,62}[A-Za-z0-9])?$/;

/** The `billing` document: who receives invoices, the plan, and the customer's tax id. */
export const BILLING_SETTINGS = z.strictObject({
  billingEmail: z.email().max(254).nullable().default(null),
  plan: z.enum(PLANS).default('free'),
  taxId: z
    .string()
    .trim()
    .regex(TAX_ID, { error: 'must be 1 to 64 letters, digits, spaces, dots, slashes or hyphens' })
    .nullable()
    .default(null),
});

export type BillingSettings = z.infer<typeof BILLING_SETTINGS>;

export function defaultBillingSettings(): BillingSettings {
  return { billingEmail: null, plan: 'free', taxId: null };
}

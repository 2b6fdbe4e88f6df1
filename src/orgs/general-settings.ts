import { z } from 'zod';

/** RFC 1035 §2.3.1 labels, lower-case, at least two of them; IDNs as A-labels (`xn--…`). */
const DOMAIN_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
export const MAX_ALLOWED_DOMAINS = 100;
export const MAX_RETURN_ORIGINS = 100;

/**
 * An `https` origin as RFC 6454 §6.2 serialises it, up to case and a trailing `/`: no path,
 * query, credentials or default port. SSO redirects compare origins as strings, so each is
 * stored in that one spelling.
 */
function isHttpsOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  // Scheme and host are case-insensitive (RFC 3986 §6.2.2.1), so only case may differ.
  return value.replace(/\/$/, '').toLowerCase() === url.origin;
}

function uniqueValues(list: string[]): string[] {
  return [...new Set(list)];
}

/**
 * The `general` document. `allowedEmailDomains` limits whom invitations may address (read by the
 * invitations feature from `settings->'general'->'allowedEmailDomains'`; empty means any);
 * `allowedReturnOrigins` lists where SSO may send a member back to.
 */
export const GENERAL_SETTINGS = z.strictObject({
  displayName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => !CONTROL_CHARACTERS.test(name), {
      error: 'must not hold control characters',
    }),
  allowedEmailDomains: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(DOMAIN_NAME, { error: 'must be a domain name such as example.com' }),
    )
    .max(MAX_ALLOWED_DOMAINS)
    .default([])
    .transform(uniqueValues),
  allowedReturnOrigins: z
    .array(
      z
        .string()
        .max(2048)
        .refine(isHttpsOrigin, { error: 'must be an https origin such as https://app.example.com' })
        .transform((origin) => new URL(origin).origin),
    )
    .max(MAX_RETURN_ORIGINS)
    .default([])
    .transform(uniqueValues),
});

export type GeneralSettings = z.infer<typeof GENERAL_SETTINGS>;

/** Before the first write, the display name is the organization's name and nothing is limited. */
export function defaultGeneralSettings(org: { name: string }): GeneralSettings {
  return { displayName: org.name, allowedEmailDomains: [], allowedReturnOrigins: [] };
}

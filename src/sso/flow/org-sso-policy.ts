import type { EntityManager } from 'typeorm';

import { documentOf } from '../../orgs/settings-sections.js';
import { SsoError } from '../sso-errors.js';

/** The organization settings a sign-in obeys. */
export interface OrgSsoPolicy {
  orgId: string;
  slug: string;
  ssoEnforced: boolean;
  mfaRequired: boolean;
  allowedReturnOrigins: string[];
}

export async function readOrgSsoPolicy(
  manager: EntityManager,
  orgId: string,
): Promise<OrgSsoPolicy> {
  const [row] = await manager.query(
    'SELECT id, slug, name, security, settings FROM organizations WHERE id = $1',
    [orgId],
  );
  if (!row) throw new SsoError('sso_unknown_organization', UNKNOWN_ORG, 404);
  const security = documentOf('security', row);
  const general = documentOf('general', row);
  return {
    orgId: row.id,
    slug: row.slug,
    ssoEnforced: security.ssoEnforced === true,
    mfaRequired: security.mfaRequired === true,
    allowedReturnOrigins: (general.allowedReturnOrigins as string[] | undefined) ?? [],
  };
}

export const UNKNOWN_ORG =
  'We could not find single sign-on for that organization. Check the link or address, or ask ' +
  'your administrator for the sign-in link.';

const MAX_RETURN_TO = 2048;

/** Tessera's own page saying a sign-in worked, for organizations that named no application. */
export const SIGNED_IN_PAGE = '/sso/signed-in';

/**
 * Where a sign-in without `return_to` lands: the organization's first allowed origin (its
 * application), else Tessera's signed-in page — Tessera has nothing at `/`.
 */
export function defaultLanding(policy: OrgSsoPolicy): string {
  const origin = policy.allowedReturnOrigins[0];
  return origin === undefined ? SIGNED_IN_PAGE : `${origin}/`;
}

/**
 * The address a member is sent back to after sign-in. Only an absolute https URL whose origin
 * is exactly one the organization allowed (RFC 6454 §4 serialisation, compared as strings), or
 * a path on Tessera itself: anything else would make the sign-in an open redirect (OWASP ASVS
 * V5.1.5). `//host` and `/\host` are refused because browsers read them as other hosts.
 */
export function checkReturnTo(policy: OrgSsoPolicy, returnTo: string | null | undefined) {
  if (returnTo === null || returnTo === undefined || returnTo === '') return null;
  if (returnTo.length > MAX_RETURN_TO || /[\u0000-\u001f\u007f\\]/.test(returnTo)) {
    throw refuseReturnTo();
  }
  if (returnTo.startsWith('/') && !returnTo.startsWith('//')) return returnTo;
  if (!URL.canParse(returnTo)) throw refuseReturnTo();
  const url = new URL(returnTo);
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') {
    throw refuseReturnTo();
  }
  if (!policy.allowedReturnOrigins.includes(url.origin)) throw refuseReturnTo();
  return url.toString();
}

function refuseReturnTo(): SsoError {
  return new SsoError(
    'return_to_not_allowed',
    'The page that sent you here is not allowed to receive sign-ins for this organization. ' +
      'Start again from your organization’s application, or ask your administrator to add ' +
      'its address to the allowed return origins.',
    400,
  );
}

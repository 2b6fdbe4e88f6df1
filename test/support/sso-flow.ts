import { expect } from '@jest/globals';
import type { Response } from 'supertest';

import type { SamlAnswerOptions, SamlTestIdp } from './saml-idp/index.js';
import { TesseraBrowser } from './sso-browser.js';
import type { TestApp } from './test-app.js';

/** Changes keys of an organization's security document, as an admin's PUT would. */
export async function setOrgSecurity(
  t: TestApp,
  orgId: string,
  patch: Partial<{ ssoEnforced: boolean; mfaRequired: boolean }>,
): Promise<void> {
  await t.db.query('UPDATE organizations SET security = security || $2::jsonb WHERE id = $1', [
    orgId,
    JSON.stringify(patch),
  ]);
}

/** The origins SSO may return to (`settings.general.allowedReturnOrigins`). */
export async function setReturnOrigins(t: TestApp, orgId: string, origins: string[]) {
  await t.db.query(
    `UPDATE organizations SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{general}',
       coalesce(settings->'general', '{}'::jsonb) || $2::jsonb) WHERE id = $1`,
    [orgId, JSON.stringify({ allowedReturnOrigins: origins })],
  );
}

/** The IdP URL Tessera redirected to, after checking it was a redirect. */
export function redirectOf(res: Response, status = 302): string {
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${res.text?.slice(0, 400)}`);
  }
  return res.headers.location as string;
}

/** The code a failure page shows in its reference line. */
export function failureCodeOf(res: Response): string | undefined {
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  return /Reference: [^ ]+ \(([a-z0-9_]+)\)/.exec(res.text)?.[1];
}

/**
 * One SP-initiated SAML login in `browser`: start at Tessera, let the IdP answer the request it
 * was sent, post the answer to the ACS. Returns the ACS response.
 */
export async function samlLogin(
  browser: TesseraBrowser,
  idp: SamlTestIdp,
  startPath: string,
  answer: SamlAnswerOptions,
): Promise<Response> {
  const redirectUrl = redirectOf(await browser.get(startPath));
  const form = idp.respondTo(redirectUrl, answer);
  const acs = new URL(idp.parseRequest(redirectUrl).acsUrl!).pathname;
  return browser.postForm(acs, { ...form });
}

/** Counts audit events of an action in an organization. */
export async function auditActions(t: TestApp, orgId: string, action: string) {
  return t.db.query(
    `SELECT actor_id, target_id, payload FROM audit_events
      WHERE org_id = $1 AND action = $2 ORDER BY seq`,
    [orgId, action],
  );
}

export { TesseraBrowser };

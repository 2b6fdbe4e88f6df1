import { SsoError } from '../sso-errors.js';

type Detail = Record<string, string | number | boolean | null>;

/**
 * The refusals the flow itself makes, each with a stable code (metrics label, audit payload) and
 * a message that tells the person what to do next. Protocol refusals come from `saml`/`oidc`.
 */
export const refuse = {
  flowUnknown: (detail: Detail = {}) =>
    new SsoError(
      'sso_flow_unknown',
      'This sign-in response does not belong to a sign-in started here, or it has expired. ' +
        'Start the sign-in again from the beginning.',
      400,
      detail,
    ),
  otherBrowser: (detail: Detail = {}) =>
    new SsoError(
      'sso_flow_other_browser',
      'This sign-in was started in a different browser. Start the sign-in again in this ' +
        'browser, and do not open sign-in links sent to you by someone else.',
      400,
      detail,
    ),
  replayed: (detail: Detail = {}) =>
    new SsoError(
      'sso_flow_replayed',
      'This sign-in response was already used. Start the sign-in again.',
      400,
      detail,
    ),
  idpInitiated: () =>
    new SsoError(
      'saml_idp_initiated_not_allowed',
      'This organization only accepts sign-ins started from Tessera. Open your application ' +
        'and sign in from there.',
      400,
    ),
  connectionDisabled: () =>
    new SsoError(
      'sso_connection_disabled',
      'Single sign-on for this organization is not enabled yet. Ask your administrator.',
      403,
    ),
  notLinked: () =>
    new SsoError(
      'sso_not_linked',
      'Your identity provider signed you in, but you do not have an account in this ' +
        'organization. Ask your administrator to add you.',
      403,
    ),
  deprovisioned: (memberId: string) =>
    new SsoError(
      'member_deprovisioned',
      'Your account in this organization has been deactivated. Ask your IdP administrator ' +
        '(the team that manages your company sign-in) to restore your access.',
      403,
      { memberId },
    ),
  mfaRequired: (detail: Detail) =>
    new SsoError(
      'mfa_required',
      'This organization requires multi-factor authentication, and your sign-in did not use ' +
        'it. Sign in again with your second factor, or ask your IdP administrator to require ' +
        'MFA for this application.',
      403,
      detail,
    ),
  staleAuthentication: (detail: Detail) =>
    new SsoError(
      'stale_authentication',
      'Your identity provider did not ask for your credentials again. Sign in again; if this ' +
        'repeats, ask your IdP administrator to allow forced re-authentication.',
      403,
      detail,
    ),
  stepUpMismatch: () =>
    new SsoError(
      'step_up_identity_mismatch',
      'You confirmed your identity as a different person than the one signed in. Sign out ' +
        'and sign in again as yourself.',
      403,
    ),
  sessionGone: () =>
    new SsoError(
      'session_expired',
      'Your session ended while you were confirming your identity. Sign in again.',
      401,
    ),
};

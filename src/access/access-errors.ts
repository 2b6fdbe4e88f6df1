import { TesseraError } from '../errors.js';

/** No valid session or API key. */
export class UnauthenticatedError extends TesseraError {
  constructor() {
    super(401, 'unauthenticated', 'sign in, or send a valid API key');
  }
}

/** Authenticated, but the role does not grant the permission. */
export class ForbiddenError extends TesseraError {
  constructor(readonly permission: string) {
    super(403, 'forbidden', `this action needs the ${permission} permission`);
  }
}

/**
 * DESIGN rule 2: the change needs a session authenticated in the last 15 minutes. The body names
 * the step-up route so a client can send the member through it.
 */
export class ReauthRequiredError extends TesseraError {
  readonly reason = 'fresh_auth_required';
  readonly stepUp = '/auth/step-up';

  constructor(byApiKey = false) {
    super(
      403,
      'reauth',
      byApiKey
        ? 'an API key cannot make this change: it needs a session signed in in the last 15 minutes'
        : 'this change needs a sign-in from the last 15 minutes',
    );
  }
}

/** A cookie-authenticated write without the anti-CSRF header, or from another origin. */
export class CsrfError extends TesseraError {
  constructor(reason: 'header' | 'origin' = 'header') {
    super(
      403,
      'csrf',
      reason === 'header'
        ? 'state-changing requests must send the X-Tessera-CSRF header'
        : 'state-changing requests must come from Tessera’s own origin',
    );
  }
}

import { TesseraError } from '../errors.js';

/**
 * A refused or failed SSO step. `code` is stable (it labels `tessera_sso_failures_total` and the
 * audit event) and `message` tells the person what to do; the detail goes to the log only.
 */
export class SsoError extends TesseraError {
  constructor(
    code: string,
    message: string,
    status = 400,
    /** Facts for the log and the audit payload; never a secret, never raw XML or tokens. */
    readonly detail: Record<string, string | number | boolean | null> = {},
  ) {
    super(status, code, message);
  }
}

import { TesseraError } from '../../errors.js';

/**
 * Unknown organization, unknown email, wrong password, wrong or reused code, or an account that
 * may not use break-glass: one answer for all, so it tells nobody which accounts exist.
 */
export class InvalidCredentialsError extends TesseraError {
  constructor() {
    super(401, 'invalid_credentials', 'the sign-in details are not valid');
  }
}

/** A lock after too many failures (account, address, or both); `Retry-After` says how long. */
export class TooManyAttemptsError extends TesseraError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'too_many_attempts', 'too many failed sign-ins; try again later');
  }
}

import { TesseraError } from '../../errors.js';

/**
 * Refusals of the connection admin API. Each has a stable code an admin console can branch on
 * and a message that says what to do instead.
 */
export class SsoConnectionError extends TesseraError {
  constructor(status: number, code: string, message: string, expose = status < 500) {
    super(status, code, message, expose);
  }
}

/** Only a tested revision may go live: an untested one could lock every member out. */
export function notTestedError(): SsoConnectionError {
  return new SsoConnectionError(
    409,
    'connection_not_tested',
    'run a successful test sign-in of the current configuration before enabling',
  );
}

/** Live connections take name and IdP certificate changes only, so sign-in never breaks. */
export function disableFirstError(fields: string[]): SsoConnectionError {
  return new SsoConnectionError(
    409,
    'disable_first',
    `disable the connection before changing ${fields.join(', ')}; only the name and the IdP ` +
      'certificates can change while it is enabled',
  );
}

/** With SSO enforced, the last enabled connection is the members' only way in. */
export function lastEnforcedConnectionError(): SsoConnectionError {
  return new SsoConnectionError(
    409,
    'sso_enforced_last_connection',
    'SSO is enforced and this is the last enabled connection: turn enforcement off or enable ' +
      'another connection first',
  );
}

/** A metadata URL that could not be read or did not hold usable IdP metadata. */
export function metadataError(detail: string): SsoConnectionError {
  return new SsoConnectionError(400, 'metadata_invalid', `IdP metadata: ${detail}`);
}

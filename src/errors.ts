/**
 * The base of every error Tessera throws on purpose. Each surface (SCIM, admin API, login pages)
 * renders these in one place; anything else is an unexpected fault and becomes a bare 500.
 */
export class TesseraError extends Error {
  constructor(
    /** HTTP status this error maps to. */
    readonly status: number,
    /** Stable, machine-readable code clients may branch on. */
    readonly code: string,
    message: string,
    /** Whether `message` may be shown to the caller. 5xx messages never are. */
    readonly expose: boolean = status < 500,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A row the caller asked for does not exist (or belongs to another organization). */
export class NotFoundError extends TesseraError {
  constructor(message = 'Not found') {
    super(404, 'not_found', message);
  }
}

/** A write would break a uniqueness rule of the organization. */
export class ConflictError extends TesseraError {
  constructor(message: string, code = 'conflict') {
    super(409, code, message);
  }
}

/** A domain rule refuses the change (for example, removing the last owner). */
export class RuleViolationError extends TesseraError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

/** Input failed validation. */
export class ValidationError extends TesseraError {
  constructor(message: string, code = 'invalid_request') {
    super(400, code, message);
  }
}

/** SQLSTATE codes Tessera maps to client errors (Postgres and PGlite report the same codes). */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
const INVALID_TEXT_REPRESENTATION = '22P02';
const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';

function sqlState(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code =
    (e as { code?: unknown }).code ?? (e as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isUniqueViolation(e: unknown): boolean {
  return sqlState(e) === UNIQUE_VIOLATION;
}

export function isForeignKeyViolation(e: unknown): boolean {
  return sqlState(e) === FOREIGN_KEY_VIOLATION;
}

export function isInvalidText(e: unknown): boolean {
  return sqlState(e) === INVALID_TEXT_REPRESENTATION;
}

/**
 * SQLSTATE class 22, "data exception": a value the database cannot hold or read, such as a NUL
 * character in text, broken Unicode in JSON, or an out-of-range date. Only client input reaches
 * the database unvalidated enough for that, so it is the client's error.
 */
export function isDataException(e: unknown): boolean {
  return sqlState(e)?.startsWith('22') ?? false;
}

/** Postgres aborted the transaction to resolve a race; running it again is safe. */
export function isRetryableConflict(e: unknown): boolean {
  const state = sqlState(e);
  return state === SERIALIZATION_FAILURE || state === DEADLOCK_DETECTED;
}

/** The violated constraint's name, to tell `userName` from `externalId` conflicts. */
export function constraintOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const c =
    (e as { constraint?: unknown }).constraint ??
    (e as { driverError?: { constraint?: unknown } }).driverError?.constraint;
  return typeof c === 'string' ? c : undefined;
}

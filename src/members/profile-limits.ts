import { ValidationError } from '../errors.js';
import { PROFILE_FIELDS, type MemberProfile } from './member-profile.js';

/**
 * Bounds on what a directory may store. `userName` and `externalId` are indexed, and a btree
 * entry must stay well under Postgres's 2 704-byte limit, so those two are bounded in bytes.
 */
export const MAX_INDEXED_BYTES = 1024;
const MAX_TEXT_CHARS = 4096;
const MAX_ELEMENTS = 256;
const INDEXED = new Set<keyof MemberProfile>(['userName', 'externalId']);

/** Refuses a profile that does not fit, naming the attribute, before anything is written. */
export function assertProfileFits(profile: MemberProfile): void {
  for (const field of PROFILE_FIELDS) {
    const value = profile[field];
    if (typeof value === 'string') {
      if (INDEXED.has(field) && Buffer.byteLength(value, 'utf8') > MAX_INDEXED_BYTES) {
        throw new ValidationError(`${field} is longer than ${MAX_INDEXED_BYTES} bytes`);
      }
      if (value.length > MAX_TEXT_CHARS) {
        throw new ValidationError(`${field} is longer than ${MAX_TEXT_CHARS} characters`);
      }
    } else if (Array.isArray(value) && value.length > MAX_ELEMENTS) {
      throw new ValidationError(`${field} has more than ${MAX_ELEMENTS} values`);
    }
  }
}

/** The same bound for team names and ids, which are indexed too. */
export function assertIndexedFits(name: string, value: string | null): void {
  if (value !== null && Buffer.byteLength(value, 'utf8') > MAX_INDEXED_BYTES) {
    throw new ValidationError(`${name} is longer than ${MAX_INDEXED_BYTES} bytes`);
  }
}

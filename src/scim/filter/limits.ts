/**
 * Bounds on what a client may send, so a hostile filter cannot exhaust the stack or the planner.
 * RFC 7644 §3.4.2.2 sets no limits; RFC 7644 §7 asks providers to guard against resource abuse.
 */
export const MAX_FILTER_LENGTH = 4096;

/** Parentheses and value-path brackets opened at once. */
export const MAX_NESTING_DEPTH = 32;

/** Builds the typed error a parse failure becomes (invalidFilter or invalidPath). */
export type FailWith = (detail: string) => Error;

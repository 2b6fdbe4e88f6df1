/**
 * Collects the values of a compiled filter as positional parameters. Filter values only ever
 * travel as parameters, never as SQL text.
 */
export class SqlParams {
  readonly values: unknown[];

  /**
   * `leading` are the caller's own parameters, numbered first: with `[orgId]` the caller writes
   * `$1` and the first filter value becomes `$2`. `values` holds them all, ready for the query.
   */
  constructor(leading: readonly unknown[] = []) {
    this.values = [...leading];
  }

  /** Appends `value` and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

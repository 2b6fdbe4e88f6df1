/**
 * TypeORM's `query` returns the rows for SELECT and INSERT … RETURNING, but `[rows, count]` for
 * UPDATE and DELETE … RETURNING. This gives the rows either way.
 */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0])) {
    return result[0] as T[];
  }
  return result as T[];
}

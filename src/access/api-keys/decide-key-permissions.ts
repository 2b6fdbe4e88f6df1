import { TesseraError } from '../../errors.js';
import type { Permission } from '../permissions.js';

/**
 * What a new key may do. A requested list narrows the member's permissions; every permission
 * in it must be held by the member (a key acts with at most its member's rights) and by the
 * issuer (nobody hands out what they do not hold, rule 9). Without a list, the key gets all the
 * member's permissions — which the issuer must hold too.
 *
 * Returns the list to store: null only for a key issued to oneself without a list, which then
 * follows one's own role. A key for someone else stores the explicit set granted now, so a
 * later promotion of that member cannot widen a key the issuer could not have granted.
 */
export function decideKeyPermissions(input: {
  requested: Permission[] | undefined;
  member: ReadonlySet<Permission>;
  issuer: ReadonlySet<Permission>;
  forIssuer: boolean;
}): Permission[] | null {
  const wanted = input.requested ?? [...input.member];
  for (const permission of wanted) {
    if (!input.member.has(permission)) {
      throw new KeyPermissionError(`the key's member does not hold ${permission}`);
    }
    if (!input.issuer.has(permission)) {
      throw new KeyPermissionError(`you cannot grant ${permission}: you do not hold it`);
    }
  }
  if (input.requested === undefined && input.forIssuer) return null;
  return [...new Set(wanted)].sort();
}

/** A key would carry a permission its member or its issuer does not hold. */
export class KeyPermissionError extends TesseraError {
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}

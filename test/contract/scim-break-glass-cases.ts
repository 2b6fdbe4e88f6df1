import { expect } from '@jest/globals';

import { addBreakGlassOwner } from '../support/break-glass.js';
import { patchBody, userBody } from '../support/scim-bodies.js';
import {
  PATHS,
  scim,
  uniqueName,
  type ContractCase,
  type ContractContext,
} from './contract-case.js';

/** A break-glass owner of the contract organization, as `org create --owner-email` makes one. */
async function breakGlassOwner(ctx: ContractContext): Promise<{ memberId: string }> {
  return addBreakGlassOwner(ctx.t, ctx.org, `${uniqueName('root')}@contract.test`);
}

const refused = (res: { body: { detail?: string } }) =>
  expect(res.body.detail).toMatch(/break-glass owner/);

/** The directory reads the break-glass owner but cannot change them (DESIGN rule 4). */
export const SCIM_BREAK_GLASS_CASES: ContractCase[] = [
  {
    name: 'replacing the break-glass owner is 403',
    method: 'put',
    path: PATHS.user,
    status: 403,
    async run(ctx) {
      const owner = await breakGlassOwner(ctx);
      return scim(ctx, 'put', `/Users/${owner.memberId}`, { body: userBody('taken@evil.example') });
    },
    verify: refused,
  },
  {
    name: 'deactivating the break-glass owner is 403',
    method: 'patch',
    path: PATHS.user,
    status: 403,
    async run(ctx) {
      const owner = await breakGlassOwner(ctx);
      const body = patchBody({ op: 'replace', path: 'active', value: false });
      return scim(ctx, 'patch', `/Users/${owner.memberId}`, { body });
    },
    verify: refused,
  },
  {
    name: 'deleting the break-glass owner is 403',
    method: 'delete',
    path: PATHS.user,
    status: 403,
    run: async (ctx) => scim(ctx, 'delete', `/Users/${(await breakGlassOwner(ctx)).memberId}`),
    verify: refused,
  },
];

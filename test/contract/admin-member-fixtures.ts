import { expect } from '@jest/globals';
import type { Response } from 'supertest';

import { createMember, signIn } from '../support/sessions.js';
import { createOrgWithScim } from '../support/test-app.js';
import { ADMIN_BASE, admin, type Caller } from './admin-case-support.js';
import {
  uniqueName,
  type ContractCase,
  type ContractContext,
  type Method,
} from './contract-case.js';

export const MEMBERS = `${ADMIN_BASE}/members`;
export const MEMBER = `${MEMBERS}/{memberId}`;
export const MEMBER_ROLE = `${MEMBER}/role`;
export const TRANSFER = `${MEMBER}/transfer-ownership`;
export const ROLES = `${ADMIN_BASE}/roles`;
export const ROLE = `${ROLES}/{roleId}`;
export const INVITATIONS = `${ADMIN_BASE}/invitations`;
export const INVITATION = `${INVITATIONS}/{invitationId}`;
export const REFRESH = `${INVITATION}/refresh`;
export const ACCEPT = '/auth/invitations/accept';

/** A new member of the contract organization, for cases that change or remove one. */
export const newMember = (ctx: ContractContext, role = 'member') =>
  createMember(ctx.t, ctx.org.id, `${uniqueName(role)}@example.com`, role);

export async function builtinRole(ctx: ContractContext, name: string): Promise<string> {
  const [row] = await ctx.t.db.query(
    'SELECT id FROM roles WHERE org_id = $1 AND builtin AND name = $2',
    [ctx.org.id, name],
  );
  return row.id;
}

export async function newRole(ctx: ContractContext, permissions: string[] = []): Promise<string> {
  const body = { name: uniqueName('role'), permissions };
  return (await admin(ctx, 'post', ROLES, { body })).body.id;
}

export async function newInvitation(
  ctx: ContractContext,
  email = `${uniqueName('inv')}@example.com`,
) {
  const body = { email, roleId: await builtinRole(ctx, 'member') };
  const res = await admin(ctx, 'post', INVITATIONS, { body });
  return { id: res.body.id as string, token: res.body.acceptToken as string, email };
}

/** A request in an organization of its own whose only owner is `owner`, sent by its admin. */
export async function inLoneOwnerOrg(
  method: Method,
  ctx: ContractContext,
  suffix: string,
  body?: object,
) {
  const org = await createOrgWithScim(ctx.t, uniqueName('lone'));
  const ownerId = await createMember(ctx.t, org.id, 'lone-owner@example.com', 'owner');
  const adminId = await createMember(ctx.t, org.id, 'lone-admin@example.com', 'admin');
  const { headers } = await signIn(ctx.t, org.id, adminId);
  const [role] = await ctx.t.db.query(
    "SELECT id FROM roles WHERE org_id = $1 AND name = 'member'",
    [org.id],
  );
  const url = `/api/v1/orgs/${org.id}/members/${ownerId}${suffix}`;
  const req = ctx.t.http[method](url).set(headers);
  return body ? req.send({ ...body, roleId: role.id }) : req;
}

export function expectError(code: string) {
  return (res: Response) => expect(res.body.error).toBe(code);
}

/** One case in a line: `[name, method, path, status, run, error code to expect]`. */
export type Row = [
  string,
  Method,
  string,
  number,
  (ctx: ContractContext) => Promise<Response>,
  string?,
];

export function casesOf(rows: Row[]): ContractCase[] {
  return rows.map(([name, method, path, status, run, code]) => ({
    name,
    method,
    path,
    status,
    run,
    verify: code ? expectError(code) : undefined,
  }));
}

export const as = (caller: Caller) => ({ as: caller });

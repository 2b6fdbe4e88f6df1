import { Router, type Request, type Response } from 'express';

import { deleteMember } from '../../members/delete-member.js';
import { findMember, type MemberRecord } from '../../members/member-row.js';
import { provisionMember } from '../../members/provision-member.js';
import { setMemberActive } from '../../members/set-member-active.js';
import { updateMemberProfile } from '../../members/update-member-profile.js';
import { methodNotAllowed } from '../method-not-allowed.js';
import { checkIfMatch, isNotModified } from '../etag.js';
import { readListQuery, readShapeQuery } from '../list-query.js';
import { applyUserPatch, normaliseUserInput } from '../patch/index.js';
import { runScimWrite, scimChangeOf, type ScimChange, type ScimDeps } from '../scim-context.js';
import { ScimError } from '../scim-error.js';
import { etagOf, sendScim } from '../scim-response.js';
import { listUsers } from './list-users.js';
import { renderUsers } from './render-users.js';
import { readUserDoc, renderUser, type UserChange } from './user-mapper.js';
import type { EntityManager } from 'typeorm';

/** RFC 7644 §3.2–3.6 for `/Users`, each verb a few named steps. */
export function createUserRouter(deps: ScimDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const list = await listUsers(deps.db.manager, req.scim.orgId, readListQuery(req), deps.baseUrl);
    sendScim(res, 200, list);
  });

  router.get('/:id', async (req, res) => {
    const member = await findMember(deps.db.manager, req.scim.orgId, String(req.params.id));
    if (!member) throw userNotFound();
    if (isNotModified(req, member.version)) {
      res.status(304).setHeader('ETag', etagOf(member.version)).end();
      return;
    }
    const [doc] = await renderUsers(deps.db.manager, [member], deps.baseUrl, readShapeQuery(req));
    sendUser(res, 200, member, doc);
  });

  router.post('/', async (req, res) => {
    const incoming = readUserDoc(normaliseUserInput(req.body));
    const change = scimChangeOf(req, deps.clock);
    const member = await runScimWrite(deps, change, (manager) =>
      provisionMember(manager, {
        ...change,
        profile: incoming.profile,
        active: incoming.active ?? true,
        password: incoming.password,
        source: 'scim',
        scimConnectionId: change.connectionId,
      }),
    );
    const [doc] = await renderUsers(deps.db.manager, [member], deps.baseUrl, readShapeQuery(req));
    res.setHeader('Location', `${deps.baseUrl}/Users/${member.id}`);
    sendUser(res, 201, member, doc);
  });

  router.put('/:id', async (req, res) => {
    const member = await writeUser(deps, req, () => readUserDoc(normaliseUserInput(req.body)));
    const [doc] = await renderUsers(deps.db.manager, [member], deps.baseUrl, readShapeQuery(req));
    sendUser(res, 200, member, doc);
  });

  router.patch('/:id', async (req, res) => {
    const member = await writeUser(deps, req, (current) =>
      readUserDoc(applyUserPatch(renderUser(current, undefined, deps.baseUrl), req.body)),
    );
    const [doc] = await renderUsers(deps.db.manager, [member], deps.baseUrl, readShapeQuery(req));
    sendUser(res, 200, member, doc);
  });

  router.delete('/:id', async (req, res) => {
    const change = scimChangeOf(req, deps.clock);
    await runScimWrite(deps, change, async (manager) => {
      const member = await lockUser(manager, req, change);
      await deleteMember(manager, { ...change, member, reason: 'scim_deleted' });
    });
    res.status(204).end();
  });

  router.all('/', methodNotAllowed('GET, POST'));
  router.all('/:id', methodNotAllowed('GET, PUT, PATCH, DELETE'));
  return router;
}

/**
 * PUT and PATCH: lock the member, check `If-Match`, compute the new state from the current one,
 * then write the profile and, when `active` changed, run the lifecycle transition.
 */
async function writeUser(
  deps: ScimDeps,
  req: Request,
  next: (current: MemberRecord) => UserChange,
): Promise<MemberRecord> {
  const change = scimChangeOf(req, deps.clock);
  return runScimWrite(deps, change, async (manager) => {
    const current = await lockUser(manager, req, change);
    const wanted = next(current);
    const updated = await updateMemberProfile(manager, {
      ...change,
      member: current,
      profile: wanted.profile,
      password: wanted.password,
    });
    // A replace that leaves out `active` keeps the member's state: deprovisioning is never a
    // side effect of an omitted attribute.
    if (wanted.active === undefined) return updated;
    const reason = 'scim_deactivated';
    const moved = await setMemberActive(manager, {
      ...change,
      member: updated,
      active: wanted.active,
      reason,
    });
    return moved ? (await findMember(manager, change.orgId, current.id))! : updated;
  });
}

async function lockUser(manager: EntityManager, req: Request, change: ScimChange) {
  const member = await findMember(manager, change.orgId, String(req.params.id), {
    forUpdate: true,
  });
  if (!member) throw userNotFound();
  await refuseBreakGlassOwner(manager, member);
  checkIfMatch(req, member.version);
  return member;
}

/**
 * DESIGN rule 4: the break-glass owner is the way in when the IdP is broken or hostile, so the
 * directory may read that member but not rename, deactivate or delete them (RFC 7644 §3.12:
 * 403, not permitted for this authorization). The operator CLI manages them.
 */
async function refuseBreakGlassOwner(manager: EntityManager, member: MemberRecord) {
  // Only an owner's credential opens a session, so only owners need the lookup.
  if (member.roleName !== 'owner') return;
  const [credential] = await manager.query(
    'SELECT 1 FROM break_glass_credentials WHERE member_id = $1',
    [member.id],
  );
  if (credential) {
    throw new ScimError(
      403,
      undefined,
      'this member is a break-glass owner, outside the directory',
    );
  }
}

function sendUser(res: Response, status: number, member: MemberRecord, doc: unknown): void {
  res.setHeader('ETag', etagOf(member.version));
  sendScim(res, status, doc);
}

function userNotFound(): ScimError {
  return ScimError.notFound('no such user in this organization');
}

import { Router, type Request } from 'express';
import type { EntityManager } from 'typeorm';

import {
  addTeamMembers,
  removeAllTeamMembers,
  removeTeamMembers,
} from '../../teams/team-membership.js';
import { findTeam, type TeamRecord } from '../../teams/team-row.js';
import { createTeam, deleteTeam, touchTeam, updateTeamAttributes } from '../../teams/write-team.js';
import { methodNotAllowed } from '../method-not-allowed.js';
import { checkIfMatch, isNotModified } from '../etag.js';
import { readListQuery, readShapeQuery } from '../list-query.js';
import { normaliseGroupInput, planGroupPatch } from '../patch/index.js';
import { runScimWrite, scimChangeOf, type ScimChange, type ScimDeps } from '../scim-context.js';
import { ScimError } from '../scim-error.js';
import { etagOf, sendScim } from '../scim-response.js';
import { listGroups } from './list-groups.js';
import { renderGroups } from './render-groups.js';
import { replaceTeamMembers } from '../../teams/replace-team-members.js';

/** RFC 7644 §3.2–3.6 for `/Groups`: SCIM Groups are directory-managed teams. */
export function createGroupRouter(deps: ScimDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const list = await listGroups(
      deps.db.manager,
      req.scim.orgId,
      readListQuery(req),
      deps.baseUrl,
    );
    sendScim(res, 200, list);
  });

  router.get('/:id', async (req, res) => {
    const team = await findDirectoryTeam(deps.db.manager, req.scim.orgId, req);
    if (isNotModified(req, team.version)) {
      res.status(304).setHeader('ETag', etagOf(team.version)).end();
      return;
    }
    await sendGroup(deps, req, res, team, 200);
  });

  router.post('/', async (req, res) => {
    const input = normaliseGroupInput(req.body);
    const change = scimChangeOf(req, deps.clock);
    const team = await runScimWrite(deps, change, async (manager) => {
      const attributes = { displayName: input.displayName, externalId: input.externalId ?? null };
      const created = await createTeam(
        manager,
        { orgId: change.orgId, attributes, scimConnectionId: change.connectionId },
        change,
      );
      await addTeamMembers(manager, created, input.members, change);
      return created;
    });
    res.setHeader('Location', `${deps.baseUrl}/Groups/${team.id}`);
    await sendGroup(deps, req, res, team, 201);
  });

  router.put('/:id', async (req, res) => {
    const input = normaliseGroupInput(req.body);
    const change = scimChangeOf(req, deps.clock);
    const team = await runScimWrite(deps, change, async (manager) => {
      const current = await lockGroup(manager, req, change);
      const attributes = { displayName: input.displayName, externalId: input.externalId ?? null };
      await updateTeamAttributes(manager, current, attributes, change);
      await replaceTeamMembers(manager, current, input.members, change);
      await touchTeam(manager, current, change.at);
      return (await findTeam(manager, change.orgId, current.id))!;
    });
    await sendGroup(deps, req, res, team, 200);
  });

  router.patch('/:id', async (req, res) => {
    const plan = planGroupPatch(req.body);
    const change = scimChangeOf(req, deps.clock);
    const team = await runScimWrite(deps, change, async (manager) => {
      const current = await lockGroup(manager, req, change);
      await updateTeamAttributes(
        manager,
        current,
        {
          displayName: plan.displayName ?? current.displayName,
          externalId: plan.externalId === undefined ? current.externalId : plan.externalId,
        },
        change,
      );
      if (plan.removeAllMembers) await removeAllTeamMembers(manager, current, change);
      await removeTeamMembers(manager, current, plan.removeMembers, change);
      await addTeamMembers(manager, current, plan.addMembers, change);
      await touchTeam(manager, current, change.at);
      return (await findTeam(manager, change.orgId, current.id))!;
    });
    // RFC 7644 §3.5.2: 204 unless the client asked for attributes; a large group's member list
    // is then never read back just to answer a membership change.
    const shape = readShapeQuery(req);
    if (shape.attributes === undefined) {
      res.setHeader('ETag', etagOf(team.version));
      res.status(204).end();
      return;
    }
    await sendGroup(deps, req, res, team, 200);
  });

  router.delete('/:id', async (req, res) => {
    const change = scimChangeOf(req, deps.clock);
    await runScimWrite(deps, change, async (manager) => {
      await deleteTeam(manager, await lockGroup(manager, req, change), change);
    });
    res.status(204).end();
  });

  router.all('/', methodNotAllowed('GET, POST'));
  router.all('/:id', methodNotAllowed('GET, PUT, PATCH, DELETE'));
  return router;
}

async function findDirectoryTeam(
  manager: EntityManager,
  orgId: string,
  req: Request,
  forUpdate = false,
): Promise<TeamRecord> {
  const team = await findTeam(manager, orgId, String(req.params.id), { forUpdate });
  if (!team || team.scimConnectionId === null) {
    throw ScimError.notFound('no such group in this organization');
  }
  return team;
}

async function lockGroup(manager: EntityManager, req: Request, change: ScimChange) {
  const team = await findDirectoryTeam(manager, change.orgId, req, true);
  checkIfMatch(req, team.version);
  return team;
}

async function sendGroup(
  deps: ScimDeps,
  req: Request,
  res: import('express').Response,
  team: TeamRecord,
  status: number,
): Promise<void> {
  const [doc] = await renderGroups(deps.db.manager, [team], deps.baseUrl, readShapeQuery(req));
  res.setHeader('ETag', etagOf(team.version));
  sendScim(res, status, doc);
}

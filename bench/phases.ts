import { PATCH_OP_SCHEMA, USER_SCHEMA } from '../src/scim/scim-constants.js';
import type { HttpResult } from './http-client.js';
import type { Phase, PhaseContext } from './run-phase.js';
import type { SeededOrg } from './seed.js';

export interface PhasePlan {
  requests: number;
  concurrency: number;
  latencyConcurrency: number;
  seed: number;
}

/** A small deterministic generator (xorshift32), so two runs with one seed pick the same users. */
export function createRandom(seed: number): (below: number) => number {
  let state = (seed ^ 0x9e3779b9) >>> 0 || 1;
  return (below) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % below;
  };
}

const PAGE_SIZE = 100;

export const PHASE_NAMES = [
  'baseline',
  'get-user',
  'filter-username',
  'list-page',
  'create-user',
  'patch-title',
  'group-membership',
  'writes-mixed',
] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

/**
 * The measured phases, cheapest first. Latency phases run with `latencyConcurrency` clients;
 * the last phase is the write-throughput figure with `concurrency` clients.
 */
export function planPhases(org: SeededOrg, plan: PhasePlan): Phase[] {
  const ids = org.memberIds;
  const pick = createRandom(plan.seed);
  const anyId = () => ids[pick(ids.length)]!;
  const latency = (name: PhaseName, step: Phase['step']): Phase => ({
    name,
    concurrency: plan.latencyConcurrency,
    requests: plan.requests,
    step,
  });
  const width = Math.max(6, String(ids.length + org.reserveIds.length - 1).length);

  return [
    latency('baseline', (ctx) =>
      ctx.call('service-provider-config', 'GET', '/ServiceProviderConfig'),
    ),
    latency('get-user', (ctx) => getUser(ctx, anyId())),
    latency('filter-username', (ctx) => filterUserName(ctx, pick(ids.length), width)),
    latency('list-page', (ctx) => listPage(ctx, 1 + pick(Math.max(1, ids.length - PAGE_SIZE)))),
    latency('create-user', (ctx, i) => createUser(ctx, 'create-user', `c${i}`)),
    latency('patch-title', (ctx, i) => patchTitle(ctx, 'patch-title', anyId(), i)),
    latency('group-membership', (ctx, i) => changeMembership(ctx, org, org.reserveIds[i]!)),
    {
      name: 'writes-mixed' satisfies PhaseName,
      concurrency: plan.concurrency,
      requests: plan.requests,
      step: (ctx, i) =>
        i % 2 === 0
          ? createUser(ctx, 'mixed-create', `m${i}`)
          : patchTitle(ctx, 'mixed-patch', anyId(), i),
    },
  ];
}

function getUser(ctx: PhaseContext, id: string): Promise<void> {
  return ctx.call('get-user', 'GET', `/Users/${id}`, undefined, (r) =>
    jsonOf(r).id === id ? undefined : `GET /Users/${id} answered another resource`,
  );
}

function filterUserName(ctx: PhaseContext, index: number, width: number): Promise<void> {
  const userName = `user${String(index).padStart(width, '0')}@bench.example`;
  const filter = encodeURIComponent(`userName eq "${userName}"`);
  return ctx.call('filter-username', 'GET', `/Users?filter=${filter}`, undefined, (r) =>
    jsonOf(r).totalResults === 1 ? undefined : `filter on ${userName} did not find exactly one`,
  );
}

function listPage(ctx: PhaseContext, startIndex: number): Promise<void> {
  const path = `/Users?startIndex=${startIndex}&count=${PAGE_SIZE}`;
  return ctx.call('list-page', 'GET', path, undefined, (r) =>
    jsonOf(r).itemsPerPage === PAGE_SIZE ? undefined : `${path} returned a short page`,
  );
}

function createUser(ctx: PhaseContext, op: string, tag: string): Promise<void> {
  const userName = `new-${tag}@bench.example`;
  return ctx.call(op, 'POST', '/Users', {
    schemas: [USER_SCHEMA],
    userName,
    externalId: `bench-new-${tag}`,
    displayName: `New User ${tag}`,
    name: { givenName: 'New', familyName: `User ${tag}` },
    emails: [{ value: userName, type: 'work', primary: true }],
    title: 'Engineer',
    active: true,
  });
}

function patchTitle(ctx: PhaseContext, op: string, id: string, index: number): Promise<void> {
  return ctx.call(op, 'PATCH', `/Users/${id}`, {
    schemas: [PATCH_OP_SCHEMA],
    Operations: [{ op: 'replace', path: 'title', value: `Engineer ${index}` }],
  });
}

/**
 * One member in and out of the small group, then of the large one, interleaved so both
 * groups see the same database state and any drift over the phase hits them alike.
 */
async function changeMembership(ctx: PhaseContext, org: SeededOrg, memberId: string) {
  const groups = [
    { suffix: 'small', id: org.smallTeamId },
    { suffix: 'large', id: org.largeTeamId },
  ];
  for (const group of groups) {
    await ctx.call(`group-add-${group.suffix}`, 'PATCH', `/Groups/${group.id}`, {
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: 'add', path: 'members', value: [{ value: memberId }] }],
    });
    await ctx.call(`group-remove-${group.suffix}`, 'PATCH', `/Groups/${group.id}`, {
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: 'remove', path: `members[value eq "${memberId}"]` }],
    });
  }
}

function jsonOf(result: HttpResult): Record<string, unknown> {
  try {
    return JSON.parse(result.body) as Record<string, unknown>;
  } catch {
    return {};
  }
}

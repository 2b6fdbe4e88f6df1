import { expect } from '@jest/globals';

import { userBody } from '../support/scim-bodies.js';
import {
  ADMIN_BASE,
  admin,
  NO_SUCH_ID,
  otherOrgId,
  unauthenticatedCases,
} from './admin-case-support.js';
import { scim, uniqueName, type ContractCase, type ContractContext } from './contract-case.js';

const P = {
  webhooks: `${ADMIN_BASE}/webhooks`,
  webhook: `${ADMIN_BASE}/webhooks/{endpointId}`,
  rotate: `${ADMIN_BASE}/webhooks/{endpointId}/rotate-secret`,
  deliveries: `${ADMIN_BASE}/webhooks/{endpointId}/deliveries`,
  events: `${ADMIN_BASE}/events`,
} as const;

// The contract app runs the production outbound policy: https only. Nothing is ever sent
// (no worker runs here), so the host need not exist.
const HOOK = 'https://hooks.example.test/tessera';

async function newEndpoint(ctx: ContractContext): Promise<string> {
  const res = await admin(ctx, 'post', P.webhooks, {
    body: { url: HOOK, description: uniqueName('hook'), eventTypes: ['member.created'] },
  });
  if (res.status !== 201) throw new Error(`could not register an endpoint: ${res.text}`);
  return res.body.id;
}

const at = (path: string, id: string) => path.replace('{endpointId}', id);

const ENDPOINT_CASES: ContractCase[] = [
  {
    name: 'lists endpoints without secrets',
    method: 'get',
    path: P.webhooks,
    status: 200,
    async run(ctx) {
      await newEndpoint(ctx);
      return admin(ctx, 'get', P.webhooks);
    },
    verify: (res) => expect(JSON.stringify(res.body)).not.toContain('whsec_'),
  },
  {
    name: 'a limit of 0 is 400',
    method: 'get',
    path: P.webhooks,
    status: 400,
    run: (ctx) => admin(ctx, 'get', `${P.webhooks}?limit=0`),
  },
  {
    name: 'an admin lacks security_configuration.manage',
    method: 'get',
    path: P.webhooks,
    status: 403,
    run: (ctx) => admin(ctx, 'get', P.webhooks, { as: 'admin' }),
  },
  {
    name: 'another organization is 404',
    method: 'get',
    path: P.webhooks,
    status: 404,
    run: (ctx) => admin(ctx, 'get', P.webhooks, { orgId: otherOrgId() }),
  },
  {
    name: 'registers an endpoint, the secret shown once',
    method: 'post',
    path: P.webhooks,
    status: 201,
    run: (ctx) => admin(ctx, 'post', P.webhooks, { body: { url: HOOK } }),
    verify: (res) => expect(res.headers['cache-control']).toBe('no-store'),
  },
  {
    name: 'a plain http URL is 400',
    method: 'post',
    path: P.webhooks,
    status: 400,
    run: (ctx) => admin(ctx, 'post', P.webhooks, { body: { url: 'http://hooks.example.test/' } }),
    verify: (res) => expect(res.body.message).toContain('https'),
  },
  {
    name: 'a stale session must step up',
    method: 'post',
    path: P.webhooks,
    status: 403,
    run: (ctx) => admin(ctx, 'post', P.webhooks, { as: 'stale-owner', body: { url: HOOK } }),
    verify: (res) => expect(res.body.error).toBe('reauth'),
  },
  {
    name: 'another organization is 404',
    method: 'post',
    path: P.webhooks,
    status: 404,
    run: (ctx) => admin(ctx, 'post', P.webhooks, { orgId: otherOrgId(), body: { url: HOOK } }),
  },
  {
    name: 'reads one endpoint',
    method: 'get',
    path: P.webhook,
    status: 200,
    run: async (ctx) => admin(ctx, 'get', at(P.webhook, await newEndpoint(ctx))),
  },
  {
    name: 'an unknown endpoint is 404',
    method: 'get',
    path: P.webhook,
    status: 404,
    run: (ctx) => admin(ctx, 'get', at(P.webhook, NO_SUCH_ID)),
  },
  {
    name: 'an admin lacks security_configuration.manage',
    method: 'get',
    path: P.webhook,
    status: 403,
    run: async (ctx) => admin(ctx, 'get', at(P.webhook, await newEndpoint(ctx)), { as: 'admin' }),
  },
  {
    name: 'disables an endpoint',
    method: 'patch',
    path: P.webhook,
    status: 200,
    run: async (ctx) =>
      admin(ctx, 'patch', at(P.webhook, await newEndpoint(ctx)), { body: { enabled: false } }),
    verify: (res) => expect(res.body.enabled).toBe(false),
  },
  {
    name: 'an empty change is 400',
    method: 'patch',
    path: P.webhook,
    status: 400,
    run: async (ctx) => admin(ctx, 'patch', at(P.webhook, await newEndpoint(ctx)), { body: {} }),
  },
  {
    name: 'an API key never changes an endpoint',
    method: 'patch',
    path: P.webhook,
    status: 403,
    run: async (ctx) =>
      admin(ctx, 'patch', at(P.webhook, await newEndpoint(ctx)), {
        as: 'owner-key',
        body: { enabled: false },
      }),
  },
  {
    name: 'an unknown endpoint is 404',
    method: 'patch',
    path: P.webhook,
    status: 404,
    run: (ctx) => admin(ctx, 'patch', at(P.webhook, NO_SUCH_ID), { body: { enabled: true } }),
  },
  {
    name: 'deletes an endpoint',
    method: 'delete',
    path: P.webhook,
    status: 204,
    run: async (ctx) => admin(ctx, 'delete', at(P.webhook, await newEndpoint(ctx))),
  },
  {
    name: 'a stale session must step up',
    method: 'delete',
    path: P.webhook,
    status: 403,
    run: async (ctx) =>
      admin(ctx, 'delete', at(P.webhook, await newEndpoint(ctx)), { as: 'stale-owner' }),
  },
  {
    name: 'an unknown endpoint is 404',
    method: 'delete',
    path: P.webhook,
    status: 404,
    run: (ctx) => admin(ctx, 'delete', at(P.webhook, NO_SUCH_ID)),
  },
  {
    name: 'rotates the signing secret',
    method: 'post',
    path: P.rotate,
    status: 200,
    run: async (ctx) => admin(ctx, 'post', at(P.rotate, await newEndpoint(ctx))),
    verify: (res) => expect(res.headers['cache-control']).toBe('no-store'),
  },
  {
    name: 'an API key never rotates a secret',
    method: 'post',
    path: P.rotate,
    status: 403,
    run: async (ctx) =>
      admin(ctx, 'post', at(P.rotate, await newEndpoint(ctx)), { as: 'owner-key' }),
  },
  {
    name: 'an unknown endpoint is 404',
    method: 'post',
    path: P.rotate,
    status: 404,
    run: (ctx) => admin(ctx, 'post', at(P.rotate, NO_SUCH_ID)),
  },
];

const LOG_CASES: ContractCase[] = [
  {
    name: 'the delivery log of an endpoint with a queued event',
    method: 'get',
    path: P.deliveries,
    status: 200,
    async run(ctx) {
      const id = await newEndpoint(ctx);
      await scim(ctx, 'post', '/Users', { body: userBody(`${uniqueName('hooked')}@example.com`) });
      return admin(ctx, 'get', `${at(P.deliveries, id)}?status=pending`);
    },
    verify: (res) =>
      expect(res.body.data[0]).toMatchObject({ status: 'pending', attempts: 0, lastError: null }),
  },
  {
    name: 'a cursor this API did not issue is 400',
    method: 'get',
    path: P.deliveries,
    status: 400,
    run: async (ctx) => admin(ctx, 'get', `${at(P.deliveries, await newEndpoint(ctx))}?cursor=x`),
  },
  {
    name: 'an admin lacks security_configuration.manage',
    method: 'get',
    path: P.deliveries,
    status: 403,
    run: async (ctx) =>
      admin(ctx, 'get', at(P.deliveries, await newEndpoint(ctx)), { as: 'admin' }),
  },
  {
    name: 'an unknown endpoint is 404',
    method: 'get',
    path: P.deliveries,
    status: 404,
    run: (ctx) => admin(ctx, 'get', at(P.deliveries, NO_SUCH_ID)),
  },
  {
    name: 'replays the stream from its start',
    method: 'get',
    path: P.events,
    status: 200,
    async run(ctx) {
      await scim(ctx, 'post', '/Users', { body: userBody(`${uniqueName('replay')}@example.com`) });
      return admin(ctx, 'get', `${P.events}?limit=2`);
    },
    verify: (res) => expect(res.body.data.length).toBeGreaterThan(0),
  },
  {
    name: 'an admin reads the stream with audit.read',
    method: 'get',
    path: P.events,
    status: 200,
    run: (ctx) => admin(ctx, 'get', P.events, { as: 'admin' }),
  },
  {
    name: 'a cursor this API did not issue is 400',
    method: 'get',
    path: P.events,
    status: 400,
    run: (ctx) => admin(ctx, 'get', `${P.events}?after=bm9wZQ`),
  },
  {
    name: 'a member lacks audit.read',
    method: 'get',
    path: P.events,
    status: 403,
    run: (ctx) => admin(ctx, 'get', P.events, { as: 'member' }),
  },
  {
    name: 'another organization is 404',
    method: 'get',
    path: P.events,
    status: 404,
    run: (ctx) => admin(ctx, 'get', P.events, { orgId: otherOrgId() }),
  },
  ...unauthenticatedCases([
    ['get', P.webhooks, P.webhooks],
    ['post', P.webhooks, P.webhooks],
    ['get', P.webhook, at(P.webhook, NO_SUCH_ID)],
    ['patch', P.webhook, at(P.webhook, NO_SUCH_ID)],
    ['delete', P.webhook, at(P.webhook, NO_SUCH_ID)],
    ['post', P.rotate, at(P.rotate, NO_SUCH_ID)],
    ['get', P.deliveries, at(P.deliveries, NO_SUCH_ID)],
    ['get', P.events, P.events],
  ]),
];

/** Webhook endpoints, their delivery log and the event replay. */
export const ADMIN_WEBHOOK_CASES: ContractCase[] = [...ENDPOINT_CASES, ...LOG_CASES];

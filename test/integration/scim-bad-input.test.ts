import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ERROR_SCHEMA, patchBody, userBody } from '../support/scim-bodies.js';
import {
  createOrgWithScim,
  SCIM_JSON,
  startTestApp,
  type TestApp,
  type TestOrg,
} from '../support/test-app.js';

let t: TestApp;
let org: TestOrg;
let userId: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await createOrgWithScim(t, 'bad-input');
  const res = await t.http
    .post('/scim/v2/Users')
    .set('Authorization', `Bearer ${org.token}`)
    .set('Content-Type', SCIM_JSON)
    .send(JSON.stringify(userBody('victim@example.com', { title: 'Original' })));
  userId = res.body.id;
});
afterAll(() => t.close());

interface BadCase {
  name: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string | (() => string);
  body?: string;
  headers?: Record<string, string>;
  status: number;
  scimType?: string;
}

const user = () => `/Users/${userId}`;
const patch = (ops: unknown) => JSON.stringify({ Operations: ops });

const CASES: BadCase[] = [
  {
    name: 'malformed JSON',
    method: 'post',
    path: '/Users',
    body: '{"userName": ',
    status: 400,
    scimType: 'invalidSyntax',
  },
  {
    name: 'a JSON array as the resource',
    method: 'post',
    path: '/Users',
    body: '[]',
    status: 400,
    scimType: 'invalidSyntax',
  },
  {
    name: 'a JSON string as the resource',
    method: 'post',
    path: '/Users',
    body: '"x"',
    status: 400,
    scimType: 'invalidSyntax',
  },
  {
    name: 'a user without userName',
    method: 'post',
    path: '/Users',
    body: '{"active":true}',
    status: 400,
    scimType: 'invalidValue',
  },
  {
    name: 'a numeric userName',
    method: 'post',
    path: '/Users',
    body: '{"userName":42}',
    status: 400,
    scimType: 'invalidValue',
  },
  {
    name: 'a boolean given as "yes"',
    method: 'post',
    path: '/Users',
    body: '{"userName":"y@x","active":"yes"}',
    status: 400,
    scimType: 'invalidValue',
  },
  {
    name: 'a group without displayName',
    method: 'post',
    path: '/Groups',
    body: '{"members":[]}',
    status: 400,
    scimType: 'invalidValue',
  },
  {
    name: 'a group member that is not an id',
    method: 'post',
    path: '/Groups',
    body: '{"displayName":"g","members":[{"value":7}]}',
    status: 400,
    scimType: 'invalidValue',
  },
  {
    name: 'a group member that does not exist',
    method: 'post',
    path: '/Groups',
    body: '{"displayName":"g2","members":[{"value":"nope"}]}',
    status: 400,
    scimType: 'invalidValue',
  },
  {
    name: 'a body over 1 MiB',
    method: 'post',
    path: '/Users',
    body: JSON.stringify({ userName: 'big@x', title: 'x'.repeat(1100 * 1024) }),
    status: 413,
  },
  {
    name: 'PATCH without Operations',
    method: 'patch',
    path: user,
    body: '{"schemas":[]}',
    status: 400,
    scimType: 'invalidSyntax',
  },
  {
    name: 'PATCH with empty Operations',
    method: 'patch',
    path: user,
    body: patch([]),
    status: 400,
    scimType: 'invalidSyntax',
  },
  {
    name: 'PATCH with an unknown op',
    method: 'patch',
    path: user,
    body: patch([{ op: 'merge', path: 'title', value: 'x' }]),
    status: 400,
    scimType: 'invalidSyntax',
  },
  {
    name: 'PATCH remove without path',
    method: 'patch',
    path: user,
    body: patch([{ op: 'remove' }]),
    status: 400,
    scimType: 'noTarget',
  },
  {
    name: 'PATCH with a malformed path',
    method: 'patch',
    path: user,
    body: patch([{ op: 'replace', path: 'emails[type eq', value: 'x' }]),
    status: 400,
    scimType: 'invalidPath',
  },
  {
    name: 'PATCH of an unknown attribute',
    method: 'patch',
    path: user,
    body: patch([{ op: 'replace', path: 'shoeSize', value: 42 }]),
    status: 400,
    scimType: 'invalidPath',
  },
  {
    name: 'PATCH of read-only id',
    method: 'patch',
    path: user,
    body: patch([{ op: 'replace', path: 'id', value: 'x' }]),
    status: 400,
    scimType: 'mutability',
  },
  {
    name: 'PATCH emptying userName',
    method: 'patch',
    path: user,
    body: patch([{ op: 'replace', path: 'userName', value: '' }]),
    status: 400,
    scimType: 'invalidValue',
  },
  {
    name: 'an unbalanced filter',
    method: 'get',
    path: '/Users?filter=(userName eq "a"',
    status: 400,
    scimType: 'invalidFilter',
  },
  {
    name: 'an unknown filter operator',
    method: 'get',
    path: '/Users?filter=userName like "a"',
    status: 400,
    scimType: 'invalidFilter',
  },
  {
    name: 'a filter on an unknown attribute',
    method: 'get',
    path: '/Users?filter=shoeSize eq 42',
    status: 400,
    scimType: 'invalidFilter',
  },
  {
    name: 'a filter on password',
    method: 'get',
    path: '/Users?filter=password eq "x"',
    status: 400,
    scimType: 'invalidFilter',
  },
  {
    name: 'an unterminated filter string',
    method: 'get',
    path: '/Users?filter=userName eq "a',
    status: 400,
    scimType: 'invalidFilter',
  },
  {
    name: 'gt on a boolean',
    method: 'get',
    path: '/Users?filter=active gt true',
    status: 400,
    scimType: 'invalidFilter',
  },
  {
    name: 'an unparseable date',
    method: 'get',
    path: '/Users?filter=meta.created gt "yesterday"',
    status: 400,
    scimType: 'invalidFilter',
  },
  {
    name: 'a filter nested past the limit',
    method: 'get',
    path: `/Users?filter=${'('.repeat(40)}userName eq "a"${')'.repeat(40)}`,
    status: 400,
    scimType: 'invalidFilter',
  },
  {
    name: 'a non-numeric count',
    method: 'get',
    path: '/Users?count=ten',
    status: 400,
    scimType: 'invalidValue',
  },
  {
    name: 'a repeated startIndex',
    method: 'get',
    path: '/Users?startIndex=1&startIndex=2',
    status: 400,
    scimType: 'invalidValue',
  },
  {
    name: 'an unknown sortOrder',
    method: 'get',
    path: '/Users?sortBy=userName&sortOrder=sideways',
    status: 400,
    scimType: 'invalidValue',
  },
  {
    name: 'a userName over 1 KiB',
    method: 'post',
    path: '/Users',
    body: JSON.stringify({ userName: 'é'.repeat(600) }),
    status: 400,
    scimType: 'invalidValue',
  },
  {
    name: 'a group displayName over 1 KiB',
    method: 'post',
    path: '/Groups',
    body: JSON.stringify({ displayName: 'g'.repeat(1025) }),
    status: 400,
    scimType: 'invalidValue',
  },
  { name: 'PUT on the Users collection', method: 'put', path: '/Users', body: '{}', status: 405 },
  { name: 'POST on one group', method: 'post', path: '/Groups/x', body: '{}', status: 405 },
  {
    name: 'an unknown user id',
    method: 'get',
    path: '/Users/00000000-0000-4000-8000-000000000000',
    status: 404,
  },
  { name: 'a user id that is not a UUID', method: 'get', path: "/Users/1' OR '1'='1", status: 404 },
  { name: 'an unknown group id', method: 'delete', path: '/Groups/not-a-group', status: 404 },
  { name: 'an unknown endpoint', method: 'get', path: '/Devices', status: 404 },
  {
    name: 'a write to a discovery endpoint',
    method: 'post',
    path: '/Schemas',
    body: '{}',
    status: 405,
  },
  { name: 'an unknown schema id', method: 'get', path: '/Schemas/urn:example:nope', status: 404 },
  { name: 'Bulk, not yet implemented', method: 'post', path: '/Bulk', body: '{}', status: 501 },
  {
    name: 'POST /.search, not yet implemented',
    method: 'post',
    path: '/.search',
    body: '{}',
    status: 501,
  },
  { name: '/Me, not yet implemented', method: 'get', path: '/Me', status: 501 },
  {
    name: 'a stale If-Match',
    method: 'patch',
    path: user,
    body: patch([{ op: 'replace', path: 'title', value: 'x' }]),
    headers: { 'If-Match': 'W/"999"' },
    status: 412,
  },
];

describe('RFC 7644 §3.12: bad input gets a clear SCIM error and changes nothing', () => {
  it.each(CASES)('$name → $status $scimType', async (c) => {
    const path = typeof c.path === 'function' ? c.path() : c.path;
    let req = t.http[c.method](`/scim/v2${encodeURI(path)}`)
      .set('Authorization', `Bearer ${org.token}`)
      .set(c.headers ?? {});
    if (c.body !== undefined) req = req.set('Content-Type', SCIM_JSON).send(c.body);
    const res = await req;

    expect(res.status).toBe(c.status);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body.schemas).toEqual([ERROR_SCHEMA]);
    expect(res.body.status).toBe(String(c.status));
    expect(typeof res.body.detail).toBe('string');
    expect(res.body.scimType).toBe(c.scimType);
    expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('left the member exactly as it was', async () => {
    const [row] = await t.db.query('SELECT title, version, status FROM members WHERE id = $1', [
      userId,
    ]);
    expect(row).toEqual({ title: 'Original', version: 1, status: 'active' });
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM members');
    expect(n).toBe(1);
    const [{ teams }] = await t.db.query('SELECT count(*)::int AS teams FROM teams');
    expect(teams).toBe(0);
  });

  it('tolerates a missing User-Agent, unknown schema URIs and unknown keys', async () => {
    const res = await t.http
      .post('/scim/v2/Users')
      .set('Authorization', `Bearer ${org.token}`)
      .set('Content-Type', 'application/json')
      .unset('User-Agent')
      .send(
        JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:example:custom:1.0'],
          userName: 'tolerant@example.com',
          'urn:example:custom:1.0': { badge: 7 },
          favouriteColour: 'teal',
        }),
      );
    expect(res.status).toBe(201);
    expect(res.body.favouriteColour).toBeUndefined();
  });

  it('accepts a PATCH that carries no schemas and a string boolean', async () => {
    const res = await t.http
      .patch(`/scim/v2/Users/${userId}`)
      .set('Authorization', `Bearer ${org.token}`)
      .set('Content-Type', SCIM_JSON)
      .send(JSON.stringify(patchBody({ op: 'Replace', path: 'title', value: 'Changed' })));
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('Changed');
  });
});

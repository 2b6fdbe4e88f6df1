import type { BenchClient, HttpResult } from './http-client.js';

/**
 * One person's life in a directory, as the IdPs of test/interop/ send it on the wire (their
 * request shapes, not their exact people): Okta looks the userName up with `startIndex`/`count`
 * before it creates, reads the user back, pushes its profile with PUT and deactivates with a
 * PATCH whose `value` holds `{ active: false }`; Entra ID PATCHes with capitalised `Replace`/`Add`
 * and value-filter paths, adds the user to a group, and finally deletes the user.
 */
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type SoakStep = (client: BenchClient) => Promise<HttpResult>;

function userOf(userName: string, n: number) {
  return {
    schemas: [CORE],
    userName,
    externalId: `soak-${n}`,
    name: { givenName: 'Soak', familyName: `Person ${n}` },
    displayName: `Soak Person ${n}`,
    emails: [{ primary: true, value: userName, type: 'work' }],
    active: true,
  };
}

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

/** The requests of one lifecycle, in order; each later step reads the id the POST returned. */
export function lifecycle(n: number, groupId: string): SoakStep[] {
  const userName = `soak-${n}@soak.example`;
  const lookup = encodeURIComponent(`userName eq "${userName}"`);
  let id = '';
  const created = (r: HttpResult) => {
    id = (JSON.parse(r.body) as { id: string }).id;
    return r;
  };
  return [
    (c) => c.request('GET', `/Users?filter=${lookup}&startIndex=1&count=100`),
    (c) => c.request('POST', '/Users', userOf(userName, n)).then(created),
    (c) => c.request('GET', `/Users/${id}`),
    (c) => c.request('PUT', `/Users/${id}`, { ...userOf(userName, n), title: 'Engineer' }),
    (c) =>
      c.request(
        'PATCH',
        `/Users/${id}`,
        patch(
          { op: 'Replace', path: 'displayName', value: `Soak P. ${n}` },
          { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+44 20 7946 0018' },
        ),
      ),
    (c) =>
      c.request(
        'PATCH',
        `/Groups/${groupId}`,
        patch({ op: 'Add', path: 'members', value: [{ value: id }] }),
      ),
    (c) =>
      c.request(
        'PATCH',
        `/Groups/${groupId}`,
        patch({ op: 'Remove', path: `members[value eq "${id}"]` }),
      ),
    (c) => c.request('PATCH', `/Users/${id}`, patch({ op: 'replace', value: { active: false } })),
    (c) => c.request('DELETE', `/Users/${id}`),
  ];
}

/** Okta's periodic import reads a page of users; one in every IMPORT_EVERY lifecycles does. */
export const IMPORT_EVERY = 25;
export const importPage: SoakStep = (c) => c.request('GET', '/Users?startIndex=1&count=100');

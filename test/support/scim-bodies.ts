/** Message bodies shared by the SCIM tests. */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export function userBody(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: 'Test', familyName: userName.split('@')[0] },
    emails: [{ value: userName, type: 'work', primary: true }],
    active: true,
    ...extra,
  };
}

export function patchBody(...operations: Record<string, unknown>[]) {
  return { schemas: [PATCH_OP], Operations: operations };
}

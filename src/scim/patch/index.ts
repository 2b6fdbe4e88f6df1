/** The pure SCIM PATCH and input functions (RFC 7644 §3.3, §3.5.1, §3.5.2) on plain JSON. */
export { applyUserPatch, type UserDoc } from './apply-user-patch.js';
export { matchesFilter } from './match-element.js';
export { normaliseGroupInput, type GroupInput } from './normalise-group-input.js';
export { normaliseUserInput } from './normalise-user-input.js';
export { planGroupPatch, type GroupPatchPlan } from './plan-group-patch.js';
export { PATCH_OP_URN } from './read-patch-request.js';
export type { ResourceType } from './resource-schema.js';
export { ENTERPRISE_USER_URN, GROUP_SCHEMA_URN, USER_SCHEMA_URN } from './schema-info.js';

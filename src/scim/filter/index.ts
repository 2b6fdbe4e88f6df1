/** The SCIM filter language (RFC 7644 §3.4.2.2), PATCH paths (§3.5.2) and sortBy (§3.4.2.3). */
export type { AttributePath, CompareOperator, FilterNode, FilterValue, PatchPath } from './ast.js';
export { parseFilter } from './parse.js';
export { parsePatchPath } from './patch-path.js';
export { compileFilter } from './compile.js';
export { compileSort } from './sort.js';
export { SqlParams } from './sql-params.js';
export type { FilterTarget } from './target.js';
export { USER_FILTER_TARGET, createUserFilterTarget } from './user-attributes.js';
export { GROUP_FILTER_TARGET, createGroupFilterTarget } from './group-attributes.js';

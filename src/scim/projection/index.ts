/** Attribute projection of SCIM responses (RFC 7644 §3.4.2.5, §3.9). */
export { projectResource } from './project-resource.js';
export type { ProjectionOptions } from './select-attributes.js';
export { wantsAttribute } from './wants-attribute.js';

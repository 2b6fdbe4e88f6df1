import { resourceSchemaOf, type ResourceType } from '../patch/resource-schema.js';
import { findAttribute } from '../patch/schema-info.js';
import {
  readAttributeList,
  selectAttributes,
  type ProjectionOptions,
} from './select-attributes.js';

/**
 * Whether `projectResource` would return any part of the top-level attribute `name`, so a
 * handler can skip loading it: Entra ID reads groups with `excludedAttributes=members`, and a
 * group may have 100 000 members. Defaults to the Group schema, where this matters most.
 */
export function wantsAttribute(
  options: ProjectionOptions,
  name: string,
  resourceType: ResourceType = 'Group',
): boolean {
  const schema = resourceSchemaOf(resourceType);
  const attribute = findAttribute(schema.attributes, name);
  if (attribute === undefined) return false;
  if (attribute.returned === 'always') return true;
  if (attribute.returned === 'never') return false;

  const asked = readAttributeList(options.attributes).length > 0;
  if (asked && !selectAttributes(schema, options.attributes).has(attribute.name)) return false;
  return selectAttributes(schema, options.excludedAttributes).get(attribute.name) !== true;
}

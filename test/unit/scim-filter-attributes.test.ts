import SCIMMY from 'scimmy';

import { nameAttribute } from '../../src/scim/filter/attribute-builders.js';
import { GROUP_FILTER_TARGET } from '../../src/scim/filter/group-attributes.js';
import type {
  FilterTarget,
  ScalarAttribute,
  TargetAttribute,
} from '../../src/scim/filter/target.js';
import { USER_FILTER_TARGET } from '../../src/scim/filter/user-attributes.js';

interface SchemaAttribute {
  name: string;
  type: string;
  config: { multiValued: boolean; caseExact: boolean };
  subAttributes?: SchemaAttribute[];
}

const DEFINITIONS = [
  SCIMMY.Schemas.User.definition,
  SCIMMY.Schemas.EnterpriseUser.definition,
  SCIMMY.Schemas.Group.definition,
] as unknown as { id: string; attributes: SchemaAttribute[] }[];

/** The schema's own attribute, as RFC 7643 §8.7.1 (via SCIMMY) defines it. */
function findDefinition(attribute: TargetAttribute): SchemaAttribute | undefined {
  const definition = DEFINITIONS.find((one) => one.id === attribute.schema);
  const name = nameAttribute(attribute).toLowerCase();
  return definition?.attributes.find((one) => one.name.toLowerCase() === name);
}

function expectSameScalar(mine: ScalarAttribute, theirs: SchemaAttribute | undefined): void {
  expect({ name: mine.name, type: mine.type, caseExact: mine.caseExact }).toEqual({
    name: theirs?.name,
    type: theirs?.type,
    caseExact: theirs?.config.caseExact,
  });
}

function checkAgainstSchema(target: FilterTarget): void {
  for (const attribute of target.attributes.values()) {
    const theirs = findDefinition(attribute);
    expect(theirs).toBeDefined();
    if (attribute.kind === 'single') {
      expect(theirs?.config.multiValued).toBe(false);
      expectSameScalar(attribute.attribute, theirs);
    } else if (attribute.kind !== 'unfilterable') {
      expect(theirs?.type).toBe('complex');
      expect(theirs?.config.multiValued).toBe(attribute.kind === 'multiValued');
      for (const sub of attribute.subAttributes.values()) {
        expectSameScalar(
          sub,
          theirs?.subAttributes?.find((one) => one.name === sub.name),
        );
      }
    }
  }
}

/** Every attribute of the schema that the map has no SQL for, as `name` or `name.sub`. */
function listUnmapped(target: FilterTarget): string[] {
  const unmapped: string[] = [];
  for (const definition of DEFINITIONS.filter((one) => target.schemas.includes(one.id))) {
    for (const theirs of definition.attributes) {
      const mine = target.attributes.get(theirs.name.toLowerCase());
      if (mine === undefined) unmapped.push(theirs.name);
      if (mine === undefined || mine.kind === 'single' || mine.kind === 'unfilterable') continue;
      for (const sub of theirs.subAttributes ?? []) {
        if (!mine.subAttributes.has(sub.name.toLowerCase()))
          unmapped.push(`${theirs.name}.${sub.name}`);
      }
    }
  }
  return [...new Set(unmapped)].sort();
}

describe('RFC 7643 §8.7.1: the attribute maps agree with the schemas', () => {
  test('User types, caseExact and multiValued match the core and enterprise schemas', () => {
    checkAgainstSchema(USER_FILTER_TARGET);
  });

  test('Group types, caseExact and multiValued match the Group schema', () => {
    checkAgainstSchema(GROUP_FILTER_TARGET);
  });

  test('only these attributes are left without SQL', () => {
    const metaGaps = ['meta.location', 'meta.resourceType', 'meta.version'];
    expect(listUnmapped(USER_FILTER_TARGET)).toEqual(
      ['groups.$ref', 'manager.$ref', ...metaGaps].sort(),
    );
    expect(listUnmapped(GROUP_FILTER_TARGET)).toEqual(
      ['members.$ref', ...metaGaps, 'schemas'].sort(),
    );
  });
});

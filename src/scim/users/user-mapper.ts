import type { MultiValue } from '../../../entities/member.js';
import type { MemberProfile } from '../../members/member-profile.js';
import type { MemberRecord } from '../../members/member-row.js';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from '../scim-constants.js';
import { etagOf } from '../scim-response.js';

export type ScimDoc = Record<string, unknown>;

/** `name` sub-attributes ↔ profile fields. */
const NAME_FIELDS = {
  formatted: 'nameFormatted',
  familyName: 'nameFamilyName',
  givenName: 'nameGivenName',
  middleName: 'nameMiddleName',
  honorificPrefix: 'nameHonorificPrefix',
  honorificSuffix: 'nameHonorificSuffix',
} as const;

/** Single-valued core string attributes ↔ profile fields. */
const CORE_STRINGS = {
  externalId: 'externalId',
  displayName: 'displayName',
  nickName: 'nickName',
  profileUrl: 'profileUrl',
  title: 'title',
  userType: 'userType',
  preferredLanguage: 'preferredLanguage',
  locale: 'locale',
  timezone: 'timezone',
} as const;

const MULTI_VALUED = {
  emails: 'emails',
  phoneNumbers: 'phoneNumbers',
  ims: 'ims',
  photos: 'photos',
  addresses: 'addresses',
  entitlements: 'entitlements',
  roles: 'scimRoles',
  x509Certificates: 'x509Certificates',
} as const;

const ENTERPRISE_STRINGS = {
  employeeNumber: 'employeeNumber',
  costCenter: 'costCenter',
  organization: 'organizationName',
  division: 'division',
  department: 'department',
} as const;

export interface GroupRef {
  id: string;
  display: string;
}

/** Renders a member as a SCIM User (RFC 7643 §4.1); unassigned attributes are left out. */
export function renderUser(
  member: MemberRecord,
  groups: GroupRef[] | undefined,
  baseUrl: string,
  managerDisplay?: string | null,
): ScimDoc {
  const doc: ScimDoc = { schemas: [USER_SCHEMA], id: member.id, userName: member.userName };
  for (const [attr, field] of Object.entries(CORE_STRINGS)) setIfPresent(doc, attr, member[field]);

  const name: ScimDoc = {};
  for (const [attr, field] of Object.entries(NAME_FIELDS)) setIfPresent(name, attr, member[field]);
  if (Object.keys(name).length > 0) doc.name = name;

  doc.active = member.status === 'active';
  for (const [attr, field] of Object.entries(MULTI_VALUED)) {
    if (member[field].length > 0) doc[attr] = member[field];
  }
  if (groups && groups.length > 0) {
    doc.groups = groups.map((g) => ({
      value: g.id,
      display: g.display,
      $ref: `${baseUrl}/Groups/${g.id}`,
      type: 'direct',
    }));
  }

  const enterprise = renderEnterprise(member, baseUrl, managerDisplay);
  if (enterprise) {
    doc.schemas = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA];
    doc[ENTERPRISE_USER_SCHEMA] = enterprise;
  }
  doc.meta = {
    resourceType: 'User',
    created: member.createdAt.toISOString(),
    lastModified: member.updatedAt.toISOString(),
    location: `${baseUrl}/Users/${member.id}`,
    version: etagOf(member.version),
  };
  return doc;
}

function renderEnterprise(
  member: MemberRecord,
  baseUrl: string,
  managerDisplay?: string | null,
): ScimDoc | undefined {
  const ext: ScimDoc = {};
  for (const [attr, field] of Object.entries(ENTERPRISE_STRINGS)) {
    setIfPresent(ext, attr, member[field]);
  }
  if (member.managerId) {
    ext.manager = {
      value: member.managerId,
      $ref: `${baseUrl}/Users/${member.managerId}`,
      ...(managerDisplay ? { displayName: managerDisplay } : {}),
    };
  }
  return Object.keys(ext).length > 0 ? ext : undefined;
}

/** What a normalised SCIM User document asks the member to become. */
export interface UserChange {
  profile: MemberProfile;
  active: boolean | undefined;
  password: string | undefined;
}

/**
 * Reads a normalised User document (attribute names in schema spelling, types checked) into a
 * full profile: every attribute the document leaves out is cleared, as PUT requires.
 */
export function readUserDoc(doc: ScimDoc): UserChange {
  const profile = { userName: String(doc.userName) } as MemberProfile;
  for (const [attr, field] of Object.entries(CORE_STRINGS))
    profile[field] = stringOrNull(doc[attr]);

  const name = (doc.name ?? {}) as ScimDoc;
  for (const [attr, field] of Object.entries(NAME_FIELDS))
    profile[field] = stringOrNull(name[attr]);
  for (const [attr, field] of Object.entries(MULTI_VALUED)) {
    profile[field] = Array.isArray(doc[attr]) ? (doc[attr] as MultiValue[]) : [];
  }

  const ext = (doc[ENTERPRISE_USER_SCHEMA] ?? {}) as ScimDoc;
  for (const [attr, field] of Object.entries(ENTERPRISE_STRINGS)) {
    profile[field] = stringOrNull(ext[attr]);
  }
  const manager = ext.manager as ScimDoc | undefined;
  profile.managerId = stringOrNull(manager?.value);

  return {
    profile,
    active: typeof doc.active === 'boolean' ? doc.active : undefined,
    password: typeof doc.password === 'string' && doc.password !== '' ? doc.password : undefined,
  };
}

function setIfPresent(target: ScimDoc, key: string, value: unknown): void {
  if (value !== null && value !== undefined && value !== '') target[key] = value;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

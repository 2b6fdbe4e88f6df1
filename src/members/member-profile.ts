import type { MultiValue } from '../../entities/member.js';

/**
 * The directory-supplied attributes of a member, one field per column. SCIM maps its User
 * resource onto this; other sources (SSO just-in-time, invitations) fill what they know.
 */
export interface MemberProfile {
  userName: string;
  externalId: string | null;
  displayName: string | null;
  nameFormatted: string | null;
  nameFamilyName: string | null;
  nameGivenName: string | null;
  nameMiddleName: string | null;
  nameHonorificPrefix: string | null;
  nameHonorificSuffix: string | null;
  nickName: string | null;
  profileUrl: string | null;
  title: string | null;
  userType: string | null;
  preferredLanguage: string | null;
  locale: string | null;
  timezone: string | null;
  emails: MultiValue[];
  phoneNumbers: MultiValue[];
  ims: MultiValue[];
  photos: MultiValue[];
  addresses: MultiValue[];
  entitlements: MultiValue[];
  scimRoles: MultiValue[];
  x509Certificates: MultiValue[];
  employeeNumber: string | null;
  costCenter: string | null;
  organizationName: string | null;
  division: string | null;
  department: string | null;
  managerId: string | null;
}

/** Profile field → column, in a fixed order used by INSERT and UPDATE alike. */
export const PROFILE_COLUMNS: Record<keyof MemberProfile, string> = {
  userName: 'user_name',
  externalId: 'external_id',
  displayName: 'display_name',
  nameFormatted: 'name_formatted',
  nameFamilyName: 'name_family_name',
  nameGivenName: 'name_given_name',
  nameMiddleName: 'name_middle_name',
  nameHonorificPrefix: 'name_honorific_prefix',
  nameHonorificSuffix: 'name_honorific_suffix',
  nickName: 'nick_name',
  profileUrl: 'profile_url',
  title: 'title',
  userType: 'user_type',
  preferredLanguage: 'preferred_language',
  locale: 'locale',
  timezone: 'timezone',
  emails: 'emails',
  phoneNumbers: 'phone_numbers',
  ims: 'ims',
  photos: 'photos',
  addresses: 'addresses',
  entitlements: 'entitlements',
  scimRoles: 'scim_roles',
  x509Certificates: 'x509_certificates',
  employeeNumber: 'employee_number',
  costCenter: 'cost_center',
  organizationName: 'organization_name',
  division: 'division',
  department: 'department',
  managerId: 'manager_id',
};

const JSON_FIELDS = new Set<keyof MemberProfile>([
  'emails',
  'phoneNumbers',
  'ims',
  'photos',
  'addresses',
  'entitlements',
  'scimRoles',
  'x509Certificates',
]);

export const PROFILE_FIELDS = Object.keys(PROFILE_COLUMNS) as (keyof MemberProfile)[];

/** The profile's values as SQL parameters, JSON arrays serialised, in `PROFILE_FIELDS` order. */
export function profileParams(profile: MemberProfile): unknown[] {
  return PROFILE_FIELDS.map((field) =>
    JSON_FIELDS.has(field) ? JSON.stringify(profile[field]) : profile[field],
  );
}

/** An empty profile around a userName, for sources that know little. */
export function emptyProfile(userName: string): MemberProfile {
  const profile = Object.fromEntries(
    PROFILE_FIELDS.map((f) => [f, JSON_FIELDS.has(f) ? [] : null]),
  ) as unknown as MemberProfile;
  profile.userName = userName;
  return profile;
}

import type { MemberRecord } from './member-row.js';

/** A member as the admin API shows it: who, which role, what state. No secrets, no hashes. */
export interface MemberView {
  id: string;
  userName: string;
  displayName: string | null;
  email: string | null;
  externalId: string | null;
  role: { id: string; name: string };
  status: string;
  source: string;
  createdAt: string;
  updatedAt: string;
}

/** A member as the admin API answers it. */
export function memberView(member: MemberRecord): MemberView {
  return {
    id: member.id,
    userName: member.userName,
    displayName: member.displayName,
    email: primaryEmail(member),
    externalId: member.externalId,
    role: { id: member.roleId, name: member.roleName },
    status: member.status,
    source: member.source,
    createdAt: member.createdAt.toISOString(),
    updatedAt: member.updatedAt.toISOString(),
  };
}

/** RFC 7643 §2.4: the `primary` value if one is marked, else the first. */
function primaryEmail(member: MemberRecord): string | null {
  const values = member.emails.filter((e) => typeof e.value === 'string');
  const chosen = values.find((e) => e.primary === true) ?? values[0];
  return (chosen?.value as string | undefined) ?? null;
}

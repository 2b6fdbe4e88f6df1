/**
 * Which audited changes become events to the application, and under which type. Every change
 * that matters to an application already writes an audit event in its own transaction, so the
 * outbox row is written beside it (record-outbox-event.ts) and cannot be forgotten by one path.
 * Audit actions not listed here (sign-ins, exports, API keys, invitations…) send nothing.
 */
export const EVENT_TYPE_OF_ACTION: Readonly<Record<string, string>> = {
  'organization.member.provisioned': 'member.created',
  'organization.member.updated': 'member.updated',
  // TODO(member-suspend): nothing writes this action yet (no path sets `suspended`); mapped so
  // the event exists the day a suspension path is added.
  'organization.member.suspended': 'member.suspended',
  'organization.member.deprovisioned': 'member.deprovisioned',
  'organization.member.reactivated': 'member.reactivated',
  'organization.member.deleted': 'member.deleted',
  'organization.member.role_updated': 'member.role_changed',
  'organization.member.ownership_transferred': 'member.role_changed',
  'organization.team.created': 'team.created',
  'organization.team.updated': 'team.updated',
  'organization.team.deleted': 'team.deleted',
  'organization.team.member_added': 'team.members_added',
  'organization.team.members_added': 'team.members_added',
  'organization.team.member_removed': 'team.members_removed',
  'organization.team.members_removed': 'team.members_removed',
  'organization.team.members_cleared': 'team.members_removed',
  'organization.role.created': 'role.created',
  'organization.role.updated': 'role.updated',
  'organization.role.deleted': 'role.deleted',
  'organization.scim.connection_created': 'scim_connection.created',
  'organization.scim.connection_deleted': 'scim_connection.deleted',
  'organization.scim.token_rotated': 'scim_connection.token_rotated',
  'organization.sso.connection_registered': 'sso_connection.created',
  'organization.sso.connection_updated': 'sso_connection.updated',
  'organization.sso.connection_deleted': 'sso_connection.deleted',
  'organization.sso.connection_enabled': 'sso_connection.enabled',
  'organization.sso.connection_disabled': 'sso_connection.disabled',
  'organization.sso.domain_added': 'sso_domain.added',
  'organization.sso.domain_verified': 'sso_domain.verified',
  'organization.sso.domain_removed': 'sso_domain.removed',
};

/** The closed set an endpoint may filter on, sorted. */
export const EVENT_TYPES: readonly string[] = [
  ...new Set(Object.values(EVENT_TYPE_OF_ACTION)),
].sort();

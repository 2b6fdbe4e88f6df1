import { ApiKey } from './api-key.js';
import { AuditEvent } from './audit-event.js';
import { Invitation } from './invitation.js';
import { Member } from './member.js';
import { Organization } from './organization.js';
import { Role } from './role.js';
import { ScimConnection } from './scim-connection.js';
import { ScimToken } from './scim-token.js';
import { Session } from './session.js';
import { SsoConnection } from './sso-connection.js';
import { Team } from './team.js';
import { TeamMember } from './team-member.js';
import { User } from './user.js';

export {
  ApiKey,
  AuditEvent,
  Invitation,
  Member,
  Organization,
  Role,
  ScimConnection,
  ScimToken,
  Session,
  SsoConnection,
  Team,
  TeamMember,
  User,
};

/** Every entity, for the DataSource. */
export const ENTITIES = [
  ApiKey,
  AuditEvent,
  Invitation,
  Member,
  Organization,
  Role,
  ScimConnection,
  ScimToken,
  Session,
  SsoConnection,
  Team,
  TeamMember,
  User,
];

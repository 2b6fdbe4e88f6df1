import { ApiKey } from './api-key.js';
import { AuditEvent } from './audit-event.js';
import { BreakGlassCredential } from './break-glass-credential.js';
import { Invitation } from './invitation.js';
import { Member } from './member.js';
import { Organization } from './organization.js';
import { OutboxEvent } from './outbox-event.js';
import { Role } from './role.js';
import { ScimConnection } from './scim-connection.js';
import { ScimToken } from './scim-token.js';
import { Session } from './session.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { SsoConnection } from './sso-connection.js';
import { Team } from './team.js';
import { TeamMember } from './team-member.js';
import { User } from './user.js';
import { WebhookDelivery } from './webhook-delivery.js';
import { WebhookEndpoint } from './webhook-endpoint.js';

export {
  ApiKey,
  AuditEvent,
  BreakGlassCredential,
  Invitation,
  Member,
  Organization,
  OutboxEvent,
  Role,
  ScimConnection,
  ScimToken,
  Session,
  SignInThrottle,
  SsoConnection,
  Team,
  TeamMember,
  User,
  WebhookDelivery,
  WebhookEndpoint,
};

/** Every entity, for the DataSource. */
export const ENTITIES = [
  ApiKey,
  AuditEvent,
  BreakGlassCredential,
  Invitation,
  Member,
  Organization,
  OutboxEvent,
  Role,
  ScimConnection,
  ScimToken,
  Session,
  SignInThrottle,
  SsoConnection,
  Team,
  TeamMember,
  User,
  WebhookDelivery,
  WebhookEndpoint,
];

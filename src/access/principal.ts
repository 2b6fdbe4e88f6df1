import type { SessionMethod } from '../../entities/session.js';
import type { Permission } from './permissions.js';

/** Who is calling the admin API, resolved from a session cookie or an API key. */
export type Principal = SessionPrincipal | ApiKeyPrincipal;

interface PrincipalBase {
  orgId: string;
  memberId: string;
  roleId: string;
  roleName: string;
  /** What this caller may do: the member's role, narrowed by the key's own list for API keys. */
  permissions: ReadonlySet<Permission>;
}

export interface SessionPrincipal extends PrincipalBase {
  kind: 'session';
  sessionId: string;
  method: SessionMethod;
  authenticatedAt: Date;
}

export interface ApiKeyPrincipal extends PrincipalBase {
  kind: 'api_key';
  apiKeyId: string;
}

/** The audit actor a principal acts as. */
export function actorOf(principal: Principal) {
  return principal.kind === 'session'
    ? { type: 'member' as const, id: principal.memberId }
    : { type: 'api_key' as const, id: principal.apiKeyId };
}

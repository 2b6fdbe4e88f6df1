import type { EntityManager } from 'typeorm';

import { recordAuditEvent, type AuditActor } from '../../audit/record-audit-event.js';
import { ValidationError } from '../../errors.js';
import type { RequestContext } from '../../ops/request-context.js';
import type { Keyring } from '../../secrets/keyring.js';
import { issueScimToken } from './issue-scim-token.js';

export interface CreatedScimConnection {
  connectionId: string;
  name: string;
  /** The bearer token, shown to the operator or admin this once. */
  token: string;
}

/** Registers a directory for an organization and issues its first token. */
export async function createScimConnection(
  manager: EntityManager,
  keyring: Keyring,
  input: { orgId: string; name: string; actor: AuditActor; context?: RequestContext; at: Date },
): Promise<CreatedScimConnection> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) {
    throw new ValidationError('name must be 1 to 200 characters');
  }

  const [connection] = await manager.query(
    `INSERT INTO scim_connections (org_id, name, created_at) VALUES ($1, $2, $3)
     RETURNING id, org_id AS "orgId"`,
    [input.orgId, name, input.at],
  );
  const { tokenId, token } = await issueScimToken(manager, keyring, connection, input.at);

  await recordAuditEvent(manager, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'organization.scim.connection_created',
    target: { type: 'scim_connection', id: connection.id },
    payload: { name, tokenId },
    context: input.context,
    at: input.at,
  });
  return { connectionId: connection.id, name, token };
}

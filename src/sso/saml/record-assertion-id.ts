import type { EntityManager } from 'typeorm';

import { samlError } from './saml-errors.js';

/**
 * Core §1.3.4 gives xs:ID no length limit, but the ids IdPs make are a prefix and 128 to 160
 * random bits (Okta, Entra, ADFS: under 50 characters). The replay record keeps the id in a
 * unique index, whose entries Postgres caps near 2.7 kB; anything longer is refused here as
 * malformed instead of failing the insert.
 */
export const MAX_MESSAGE_ID_LENGTH = 256;

/**
 * Profiles §4.1.4.5: the SP keeps the ids of bearer assertions it accepted until they expire and
 * refuses a second use. `ON CONFLICT DO NOTHING` keeps the caller's transaction usable (a unique
 * violation would abort it) while the primary key still serialises two concurrent posts: the
 * second waits for the first and then sees its row.
 */
export async function recordAssertionId(
  manager: EntityManager,
  input: { connectionId: string; assertionId: string; expiresAt: Date; now: Date },
): Promise<void> {
  if (input.assertionId.length > MAX_MESSAGE_ID_LENGTH) {
    throw samlError('saml_malformed', { reason: 'id_too_long' });
  }
  // Expired ids can no longer be replayed (the assertion itself is refused), so they go.
  await manager.query(
    'DELETE FROM sso_assertion_ids WHERE connection_id = $1 AND expires_at < $2',
    [input.connectionId, input.now],
  );
  const inserted = await manager.query(
    `INSERT INTO sso_assertion_ids (connection_id, assertion_id, expires_at)
     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING assertion_id`,
    [input.connectionId, input.assertionId, input.expiresAt],
  );
  if (inserted.length === 0) {
    throw samlError('saml_replay', { connectionId: input.connectionId });
  }
}

import type { EntityManager } from 'typeorm';

/**
 * Rule 4: locks the organization's active owners, in id order, and returns their ids. Every path
 * that can take the owner role from someone (demotion, removal, deprovisioning, transfer) locks
 * them first, so two concurrent changes cannot each see "another owner remains" and together
 * leave none: the second waits, then re-reads the owners the first left behind.
 */
export async function lockActiveOwners(manager: EntityManager, orgId: string): Promise<string[]> {
  const owners: { id: string }[] = await manager.query(
    `SELECT m.id FROM members m JOIN roles r ON r.id = m.role_id
      WHERE m.org_id = $1 AND r.builtin AND r.name = 'owner'
        AND m.status = 'active' AND m.deleted_at IS NULL
      ORDER BY m.id FOR UPDATE OF m`,
    [orgId],
  );
  return owners.map((o) => o.id);
}

/**
 * SCIM sees the organization's directory-managed teams only: a team an admin made by hand is
 * not the IdP's to rename, fill or delete. (Teams of a deleted connection stay, unmanaged.)
 */
export const DIRECTORY_TEAMS = 't.scim_connection_id IS NOT NULL';

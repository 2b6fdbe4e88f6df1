/** SCIM bearer tokens read `tss_<token id>_<secret>` ("Tessera SCIM secret"). */
export const SCIM_TOKEN_PREFIX = 'tss';

/** How long a rotated-out token keeps working, so the IdP can be updated without an outage. */
export const DEFAULT_ROTATION_OVERLAP_MS = 60 * 60 * 1000;
export const MAX_ROTATION_OVERLAP_MS = 7 * 24 * 60 * 60 * 1000;

/** Organization API keys read `tsk_<key id>_<secret>` ("Tessera secret key"). */
export const API_KEY_PREFIX = 'tsk';
export const DEFAULT_API_KEY_DAYS = 90;
export const MAX_API_KEY_DAYS = 366;

/** How much of the key id lists show, enough to tell keys apart and nothing secret. */
const DISPLAY_ID_CHARS = 8;

/** The public start of a key, `tsk_<first 8 of its id>`, shown in lists instead of the key. */
export function displayPrefixOf(keyId: string): string {
  return `${API_KEY_PREFIX}_${keyId.slice(0, DISPLAY_ID_CHARS)}`;
}

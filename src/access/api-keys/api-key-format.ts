/** Organization API keys read `tsk_<key id>_<secret>` ("Tessera secret key"). */
export const API_KEY_PREFIX = 'tsk';
export const DEFAULT_API_KEY_DAYS = 90;
export const MAX_API_KEY_DAYS = 366;

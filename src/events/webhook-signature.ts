import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'Tessera-Signature';
export const EVENT_ID_HEADER = 'Tessera-Event-Id';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The timestamp is inside the MAC so a
 * receiver can refuse old requests (replay) and the body cannot be re-dated.
 */
export function signWebhook(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

import { ValidationError } from '../errors.js';
import type { OutboundPolicy } from '../ops/outbound-http.js';

const MAX_URL_LENGTH = 2048;

/**
 * An endpoint URL an admin typed. Events carry member data, so they travel over TLS only; plain
 * http is accepted only where the operator's outbound policy allows it (loopback test peers).
 * Whether the host is a private address is decided at send time by the outbound fetch, where
 * the name is resolved (a DNS answer can change after registration).
 */
export function parseWebhookUrl(raw: string, policy: OutboundPolicy): string {
  if (raw.length > MAX_URL_LENGTH) throw new ValidationError('url: too long');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError('url: not an absolute URL');
  }
  const httpAllowed = policy.allowHttp && url.protocol === 'http:';
  if (url.protocol !== 'https:' && !httpAllowed) {
    throw new ValidationError('url: must be https');
  }
  // Credentials in the URL would be stored and shown in clear; the signature authenticates us.
  if (url.username !== '' || url.password !== '') {
    throw new ValidationError('url: must not contain a user name or password');
  }
  if (url.hash !== '') throw new ValidationError('url: must not contain a fragment');
  return url.toString();
}

import { OutboundRequestError, type OutboundFetch } from '../ops/outbound-http.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

export type SendFailure =
  'http_status' | 'timeout' | 'too_large' | 'network' | 'refused' | 'secret';

export type SendOutcome =
  | { ok: true; status: number }
  | { ok: false; status: number | null; reason: SendFailure; error: string };

export interface WebhookRequest {
  url: string;
  eventId: string;
  body: string;
  secret: string;
  now: Date;
  timeoutMs: number;
}

/**
 * One POST of one event. Any 2xx is delivered; anything else (a redirect too: the outbound fetch
 * follows none) is a failed attempt. The response body is never read, so a receiver cannot make
 * us buffer it, and never stored, so it cannot leak into the delivery log.
 */
export async function sendWebhook(fetch: OutboundFetch, request: WebhookRequest) {
  const timestamp = Math.floor(request.now.getTime() / 1000);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Tessera-Webhooks/1',
        [SIGNATURE_HEADER]: signWebhook(request.secret, timestamp, request.body),
        [EVENT_ID_HEADER]: request.eventId,
      },
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (e: unknown) {
    return failureOf(e, request.timeoutMs);
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.status >= 200 && response.status < 300) {
    return { ok: true, status: response.status } satisfies SendOutcome;
  }
  return {
    ok: false,
    status: response.status,
    reason: 'http_status',
    error: `HTTP ${response.status}`,
  } satisfies SendOutcome;
}

/** A short, fixed description: no URL (it may carry a token) and no receiver-chosen text. */
function failureOf(e: unknown, timeoutMs: number): SendOutcome {
  const timeout = { ok: false, status: null, reason: 'timeout' } as const;
  if (e instanceof OutboundRequestError) {
    if (e.reason === 'timeout') return { ...timeout, error: `timed out after ${timeoutMs} ms` };
    if (e.reason === 'too_large') return { ...timeout, reason: 'too_large', error: e.message };
    return { ok: false, status: null, reason: 'refused', error: `refused: ${e.message}` };
  }
  const error = e as { name?: string; code?: unknown };
  if (error?.name === 'TimeoutError' || error?.name === 'AbortError') {
    return { ...timeout, error: `timed out after ${timeoutMs} ms` };
  }
  const code = typeof error?.code === 'string' ? `: ${error.code}` : '';
  return { ok: false, status: null, reason: 'network', error: `connection failed${code}` };
}

import { describe, expect, it } from '@jest/globals';

import { parseWebhookUrl } from '../../src/events/webhook-url.js';
import { retryDelayMs } from '../../src/events/webhook-backoff.js';
import { DEFAULT_OUTBOUND_POLICY } from '../../src/ops/outbound-http.js';

describe('webhook endpoint URLs', () => {
  it('must be https under the production policy', () => {
    expect(parseWebhookUrl('https://hooks.example.test/x', DEFAULT_OUTBOUND_POLICY)).toBe(
      'https://hooks.example.test/x',
    );
    expect(() => parseWebhookUrl('http://hooks.example.test/x', DEFAULT_OUTBOUND_POLICY)).toThrow(
      'url: must be https',
    );
  });

  it('plain http only where the policy allows it', () => {
    const policy = { ...DEFAULT_OUTBOUND_POLICY, allowHttp: true };
    expect(parseWebhookUrl('http://127.0.0.1:8080/x', policy)).toBe('http://127.0.0.1:8080/x');
    expect(() => parseWebhookUrl('ftp://127.0.0.1/x', policy)).toThrow('url: must be https');
  });
});

describe('retry backoff', () => {
  it('doubles per attempt, jittered within the upper half, capped at 6 hours', () => {
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, () => 1)).toBe(30_000);
    expect(retryDelayMs(3, () => 1)).toBe(120_000);
    expect(retryDelayMs(30, () => 1)).toBe(6 * 3600_000);
  });
});

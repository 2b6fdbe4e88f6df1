import { describe, expect, it } from '@jest/globals';

import { isPublicAddress } from '../../src/ops/outbound-address.js';
import {
  createOutboundFetch,
  DEFAULT_OUTBOUND_POLICY,
  OutboundRequestError,
} from '../../src/ops/outbound-http.js';

/**
 * Address forms an attacker types to slip a private destination past the SSRF check. Every one
 * must be refused before a connection is attempted.
 */
describe('SSRF: private destinations in disguise', () => {
  it.each([
    // RFC 8215 local-use NAT64 prefix: a translator in the operator's network maps these to
    // whatever IPv4 address is embedded, private ones included.
    '64:ff9b:1::a00:1',
    '64:ff9b:1:ffff::7f00:1',
    '64:ff9b:1:a00:1::',
  ])('%s (local-use NAT64) is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    'https://2130706433/', // decimal 127.0.0.1
    'https://0x7f.1/', // hex
    'https://0177.0.0.1/', // octal
    'https://127.1/',
    'https://0.0.0.0/',
    'https://[::]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::127.0.0.1]/', // IPv4-compatible
    'https://[64:ff9b::7f00:1]/', // well-known NAT64
    'https://[64:ff9b:1::a00:1]/', // local-use NAT64
    'https://[2002:a00:1::]/', // 6to4 of 10.0.0.1
  ])('%s is refused before connecting', async (url) => {
    const fetch = createOutboundFetch({ ...DEFAULT_OUTBOUND_POLICY, timeoutMs: 1_000 });
    const error = await fetch(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutboundRequestError);
    expect((error as OutboundRequestError).reason).toBe('address');
  });

  it('still allows public addresses next to the NAT64 prefixes', () => {
    expect(isPublicAddress('64:ff9b:2::1')).toBe(true);
    expect(isPublicAddress('64:ff9b::808:808')).toBe(true);
  });
});

import { describe, expect, it } from '@jest/globals';

import { addressBlockOf } from '../../src/auth/break-glass/address-block.js';

describe('the address unit sign-in throttling counts', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::99', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s counts as %s', (ip, block) => {
    expect(addressBlockOf(ip)).toBe(block);
  });

  it('puts every address of one IPv6 /64 on one counter', () => {
    const blocks = new Set(
      Array.from({ length: 50 }, (_, i) => addressBlockOf(`2001:db8:aa:bb::${i.toString(16)}`)),
    );
    expect(blocks.size).toBe(1);
  });
});

import { parseFilter } from '../../src/scim/filter/parse.js';
import { matchesFilter } from '../../src/scim/patch/match-element.js';
import {
  findAttribute,
  GROUP_ATTRIBUTES,
  USER_ATTRIBUTES,
} from '../../src/scim/patch/schema-info.js';

const emailSubs = findAttribute(USER_ATTRIBUTES, 'emails')!.subAttributes;
const memberSubs = findAttribute(GROUP_ATTRIBUTES, 'members')!.subAttributes;
const x509Subs = findAttribute(USER_ATTRIBUTES, 'x509Certificates')!.subAttributes;
const metaSubs = findAttribute(USER_ATTRIBUTES, 'meta')!.subAttributes;

const workEmail = { value: 'Bjensen@Example.com', type: 'work', primary: true };
const matches = (element: Record<string, unknown>, filter: string, subs = emailSubs) =>
  matchesFilter(element, parseFilter(filter), subs);

describe('matchesFilter: RFC 7644 §3.4.2.2 on one element', () => {
  it('compares strings case-insensitively (RFC 7643 §2.3.1)', () => {
    expect(matches(workEmail, 'type eq "WORK"')).toBe(true);
    expect(matches(workEmail, 'value eq "bjensen@example.com"')).toBe(true);
  });

  it('compares a member value exactly, as it is a resource id (RFC 7643 §3.1)', () => {
    const member = { value: '2819c223-7F76-453A' };
    expect(matches(member, 'value eq "2819c223-7F76-453A"', memberSubs)).toBe(true);
    expect(matches(member, 'value eq "2819c223-7f76-453a"', memberSubs)).toBe(false);
  });

  it('compares a caseExact sub-attribute exactly', () => {
    expect(matches({ value: 'MIIDQzCC' }, 'value eq "miidqzcc"', x509Subs)).toBe(false);
  });

  it('applies co, sw and ew', () => {
    expect(matches(workEmail, 'value co "@example"')).toBe(true);
    expect(matches(workEmail, 'value sw "BJ"')).toBe(true);
    expect(matches(workEmail, 'value ew ".org"')).toBe(false);
  });

  it('compares booleans and presence', () => {
    expect(matches(workEmail, 'primary eq true')).toBe(true);
    expect(matches(workEmail, 'display pr')).toBe(false);
    expect(matches({ ...workEmail, display: '' }, 'display pr')).toBe(false);
  });

  it('combines with and, or, not and ne', () => {
    expect(matches(workEmail, 'type eq "work" and primary eq true')).toBe(true);
    expect(matches(workEmail, 'type eq "home" or value co "example"')).toBe(true);
    expect(matches(workEmail, 'not (type eq "work")')).toBe(false);
    expect(matches(workEmail, 'type ne "home"')).toBe(true);
  });

  it('orders strings and dateTimes', () => {
    // 23:00-02:00 on 30 April is 01:00Z on 1 May: later than 00:30Z, though earlier as text.
    const element = { lastModified: '2024-05-01T00:30:00Z' };
    expect(matches(element, 'lastModified lt "2024-04-30T23:00:00-02:00"', metaSubs)).toBe(true);
    expect(matches(workEmail, 'type lt "x"')).toBe(true);
  });

  it('refuses to order booleans with invalidFilter', () => {
    expect(() => matches(workEmail, 'primary gt false')).toThrow(
      expect.objectContaining({ scimType: 'invalidFilter' }),
    );
  });

  it('matches names in any case', () => {
    expect(matches(workEmail, 'TYPE eq "work"')).toBe(true);
  });
});

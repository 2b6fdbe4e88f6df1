import { describe, expect, it } from '@jest/globals';

import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('configuration from the environment, validated once', () => {
  it('defaults to port 3000, localhost URL, embedded data in ./data, info logs', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      logLevel: 'info',
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('derives PUBLIC_URL from PORT and strips a trailing slash from an explicit one', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://id.example.com/tessera/' }).publicUrl).toBe(
      'https://id.example.com/tessera',
    );
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PUBLIC_URL', 'ftp://example.com'],
    ['PUBLIC_URL', 'https://example.com/?x=1'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['LOG_LEVEL', 'loud'],
    ['TESSERA_TRUSTED_PROXIES', 'everyone'],
    ['TESSERA_TRUSTED_PROXIES', '10.0.0.0/33'],
    ['TESSERA_TRUSTED_PROXIES', 'loopback,'],
    ['TESSERA_OUTBOUND_ALLOW_PRIVATE', 'yes'],
    ['TESSERA_METRICS_TOKEN', 'short'],
    ['TESSERA_METRICS_TOKEN', 'has a space in it somewhere'],
  ])('rejects %s=%s with an error naming the variable', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}: `));
  });

  it('believes X-Forwarded-For only from loopback unless told which proxies to trust', () => {
    expect(loadConfig({}).trustedProxies).toEqual(['loopback']);
    expect(
      loadConfig({ TESSERA_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.7,uniquelocal' }).trustedProxies,
    ).toEqual(['10.0.0.0/8', '192.0.2.7', 'uniquelocal']);
  });

  it('keeps admin-supplied URLs off private networks unless TESSERA_OUTBOUND_ALLOW_PRIVATE', () => {
    expect(loadConfig({}).outboundAllowPrivate).toBe(false);
    expect(loadConfig({ TESSERA_OUTBOUND_ALLOW_PRIVATE: 'true' }).outboundAllowPrivate).toBe(true);
    expect(loadConfig({ TESSERA_OUTBOUND_ALLOW_PRIVATE: '0' }).outboundAllowPrivate).toBe(false);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(3000);
  });
});

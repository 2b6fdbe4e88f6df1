import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface Config {
  port: number;
  /** Origin (and optional path prefix) of every URL the server hands out, no trailing slash. */
  publicUrl: string;
  /** Postgres connection string; absent means the embedded PGlite database. */
  databaseUrl?: string;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Raw `TESSERA_ENCRYPTION_KEYS`, parsed by the keyring. */
  encryptionKeys?: string;
  /**
   * Proxies whose `X-Forwarded-For` is believed. The client address feeds sign-in throttling and
   * the audit trail, so only the operator's own load balancers may set it.
   */
  trustedProxies: string[];
  /** `TESSERA_METRICS_TOKEN`: when set, `/metrics` answers only with it as a bearer token. */
  metricsToken?: string;
  /**
   * Whether admin-supplied URLs (SAML metadata, OIDC issuers) may reach private, loopback and
   * link-local addresses. Off: such a URL could otherwise read the operator's private network.
   */
  outboundAllowPrivate: boolean;
}

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .refine((u) => !/[?#]/.test(u), 'must not carry a query or fragment')
    .optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  TESSERA_DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  TESSERA_ENCRYPTION_KEYS: z.string().min(1).optional(),
  TESSERA_METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,256}$/, 'must be 16 to 256 printable characters without spaces')
    .optional(),
  TESSERA_TRUSTED_PROXIES: z
    .string()
    .default('loopback')
    .transform((raw) => raw.split(',').map((entry) => entry.trim()))
    .refine(
      (entries) => entries.every(isProxyEntry),
      'must be a comma-separated list of IP addresses, CIDR ranges, loopback, linklocal or ' +
        'uniquelocal',
    ),
  TESSERA_OUTBOUND_ALLOW_PRIVATE: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .default('false')
    .transform((raw) => raw === 'true' || raw === '1'),
});

const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (PROXY_PRESETS.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Reads and validates the environment once; throws `ConfigError` naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;

  return {
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.TESSERA_DATA_DIR),
    logLevel: e.LOG_LEVEL,
    encryptionKeys: e.TESSERA_ENCRYPTION_KEYS,
    trustedProxies: e.TESSERA_TRUSTED_PROXIES,
    metricsToken: e.TESSERA_METRICS_TOKEN,
    outboundAllowPrivate: e.TESSERA_OUTBOUND_ALLOW_PRIVATE,
  };
}

import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import Provider from 'oidc-provider';

import { MemoryStore } from './memory-adapter.js';
import { finishInteraction, type OpLogin } from './op-interactions.js';

export type { OpLogin } from './op-interactions.js';

/** A client of the test OP: one per organization (or per connection). */
export interface OpClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
}

export interface TestOidcOp {
  /** `http://127.0.0.1:<port>`: the issuer a connection is configured with. */
  issuer: string;
  /** Registers a client; returns it with generated id/secret when not given. */
  registerClient(client: Partial<OpClient> & { redirectUri: string }): OpClient;
  /** The person (and how they authenticated) of every following login, until changed. */
  nextLogin(login: OpLogin): void;
  /** Parameters of every authorization request the OP saw (prompt, max_age, acr_values…). */
  authorizationRequests: Record<string, unknown>[];
  /** Errors oidc-provider reported as server_error, for debugging a failing test. */
  serverErrors: unknown[];
  close(): Promise<void>;
}

export interface StartOidcOpOptions {
  /** Claims released with the `openid` scope besides `sub` (default `groups`). */
  extraClaims?: string[];
  /** `acr` values the OP advertises. */
  acrValues?: string[];
}

const DEFAULT_ACR_VALUES = [
  'urn:tessera:test:pwd',
  'http://schemas.openid.net/pape/policies/2007/06/multi-factor',
  'urn:okta:loa:2fa:any',
];

/**
 * Starts a real `oidc-provider` on 127.0.0.1 (random port, plain http) inside the test process:
 * code flow only, PKCE required, RFC 9207 `iss` in authorization responses (oidc-provider
 * always sends it and advertises `authorization_response_iss_parameter_supported`), ID tokens
 * signed RS256, profile claims in the ID token, and logins finished without a UI.
 */
export async function startOidcOp(options: StartOidcOpOptions = {}): Promise<TestOidcOp> {
  const store = new MemoryStore();
  const state = {
    login: null as OpLogin | null,
    requests: [] as Record<string, unknown>[],
    errors: [] as unknown[],
  };
  let provider: { callback(): (req: IncomingMessage, res: ServerResponse) => void } | null = null;
  const server = createServer((req, res) => {
    if (!provider) return void res.writeHead(503).end();
    if (req.url?.startsWith('/interaction/')) {
      finishInteraction(provider, req, res, state).catch((error: unknown) => {
        state.errors.push(error);
        res.writeHead(500).end(String(error));
      });
      return;
    }
    provider.callback()(req, res);
  });
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  provider = createProvider(issuer, store, state, options);

  return {
    issuer,
    registerClient: (client) => registerClient(store, client),
    nextLogin: (login) => {
      state.login = login;
    },
    authorizationRequests: state.requests,
    serverErrors: state.errors,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function createProvider(
  issuer: string,
  store: MemoryStore,
  state: { login: OpLogin | null; errors: unknown[] },
  options: StartOidcOpOptions,
) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256' };
  const provider = new Provider(issuer, {
    adapter: store.adapterClass(),
    findAccount: (_ctx: unknown, id: string) => findAccount(state.login, id),
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      openid: ['sub', 'acr', 'amr', ...(options.extraClaims ?? ['groups'])],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'family_name', 'name'],
    },
    // Profile claims go into the ID token too, as Okta and Entra do for code flow clients.
    conformIdTokenClaims: false,
    acrValues: options.acrValues ?? DEFAULT_ACR_VALUES,
    cookies: { keys: [randomBytes(32).toString('hex')] },
    jwks: { keys: [jwk] },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    pkce: { required: () => true },
    responseTypes: ['code'],
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    renderError: (ctx: { type: string; body: unknown }, out: unknown) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  });
  provider.on('server_error', (_ctx: unknown, error: unknown) => state.errors.push(error));
  return provider;
}

function findAccount(login: OpLogin | null, accountId: string) {
  if (!login || login.accountId !== accountId) return undefined;
  return {
    accountId,
    claims: async () => ({
      sub: accountId,
      ...(login.email !== null && { email: login.email ?? `${accountId}@example.test` }),
      email_verified: true,
      given_name: login.givenName,
      family_name: login.familyName,
      groups: login.groups,
      ...login.claims,
    }),
  };
}

function registerClient(store: MemoryStore, input: Partial<OpClient> & { redirectUri: string }) {
  const client: OpClient = {
    clientId: input.clientId ?? `client-${randomUUID()}`,
    clientSecret: input.clientSecret ?? randomBytes(24).toString('base64url'),
    redirectUri: input.redirectUri,
    tokenEndpointAuthMethod: input.tokenEndpointAuthMethod ?? 'client_secret_basic',
  };
  const payload = {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: [client.redirectUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    id_token_signed_response_alg: 'RS256',
    // auth_time in every ID token, so the RP can always judge how fresh a login is.
    require_auth_time: true,
  };
  store.model('Client').set(client.clientId, { payload, expiresAt: null });
  return client;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

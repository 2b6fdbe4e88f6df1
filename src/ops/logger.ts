import { pino, type DestinationStream, type Logger } from 'pino';

/** Field names whose value is a secret wherever it appears (camelCase and the wire's spelling). */
const SECRET_FIELDS = [
  'token',
  'password',
  'secret',
  'clientSecret',
  'client_secret',
  'samlResponse',
  'SAMLResponse',
  'samlRequest',
  'SAMLRequest',
  'idToken',
  'id_token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'codeVerifier',
  'code_verifier',
  'authorizationCode',
  'totpSecret',
  'webhookSecret',
  'signingSecret',
  'privateKey',
  'privateKeyPem',
  'apiKey',
  'acceptToken',
  'cookieValue',
];

/**
 * Paths pino blanks before a line is written. Code never logs secrets on purpose; this list is
 * the net under that rule for headers and bodies that reach a log by accident.
 */
export const REDACTED_PATHS = [
  // Credentials in HTTP headers, wherever a header object is logged.
  ...['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'].flatMap(
    (name) => [`req.headers["${name}"]`, `res.headers["${name}"]`, `headers["${name}"]`],
  ),
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.authorization',
  '*.cookie',
  // Secrets by field name, at the top level and one level down (`{ body: { password } }`).
  ...SECRET_FIELDS.flatMap((name) => [name, `*.${name}`]),
  // An OAuth authorization code (RFC 6749 §4.1.2) where a body or query is logged; `code`
  // alone stays, it is our stable error code.
  ...['body.code', 'query.code', '*.body.code', '*.query.code'],
  // A failed query's parameters can hold hashes and the values of the row being written.
  'err.parameters',
  'err.driverError.parameters',
];

export type { Logger };

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tessera' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

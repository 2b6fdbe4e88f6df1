import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino blanks before a line is written. Code never logs secrets on purpose; this list is
 * the net under that rule for headers and bodies that reach a log by accident.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.token',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.samlResponse',
  '*.SAMLResponse',
  '*.idToken',
  '*.id_token',
  'token',
  'password',
  'secret',
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

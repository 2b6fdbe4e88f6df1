import type { SamlConnectionConfig, SsoConnectionRecord } from '../sso-types.js';
import { samlError } from './saml-errors.js';

/** The SAML settings of a connection; a non-SAML connection here is a programming error. */
export function samlConfigOf(connection: SsoConnectionRecord): SamlConnectionConfig {
  if (connection.protocol !== 'saml') {
    throw new Error(`connection ${connection.id} is not a SAML connection`);
  }
  const config = connection.config as SamlConnectionConfig;
  if (!config.idpEntityId || !config.idpSsoUrl || !config.idpCertificates?.length) {
    throw samlError('saml_not_configured', { connectionId: connection.id });
  }
  return config;
}

/** Default tolerated clock difference when a connection does not set one: small on purpose. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;
/** No connection may widen the window beyond this, whatever its config says. */
const MAX_CLOCK_SKEW_SECONDS = 300;

export function clockSkewMsOf(config: SamlConnectionConfig): number {
  const seconds = Number.isFinite(config.clockSkewSeconds)
    ? config.clockSkewSeconds
    : DEFAULT_CLOCK_SKEW_SECONDS;
  return Math.min(Math.max(seconds, 0), MAX_CLOCK_SKEW_SECONDS) * 1000;
}

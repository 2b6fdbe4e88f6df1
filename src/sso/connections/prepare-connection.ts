import { ValidationError } from '../../errors.js';
import type { OutboundFetch, OutboundPolicy } from '../../ops/outbound-http.js';
import type {
  OidcConnectionConfig,
  SamlConnectionConfig,
  SsoConnectionRecord,
} from '../sso-types.js';
import {
  applyCommonSettings,
  buildOidcConfig,
  buildSamlConfig,
  type ImportedMetadata,
} from './connection-config.js';
import type { CreateConnectionInput, UpdateConnectionInput } from './connection-schema.js';
import type { NewSsoConnection } from './create-sso-connection.js';
import { importSamlMetadata } from './saml-metadata-source.js';

interface Outbound {
  outboundFetch: OutboundFetch;
  outboundPolicy: OutboundPolicy;
}

/** A create request turned into settings: metadata read, defaults filled, URLs checked. */
export async function prepareNewConnection(
  deps: Outbound,
  input: CreateConnectionInput,
): Promise<NewSsoConnection> {
  if (input.protocol === 'oidc') {
    const base = buildOidcConfig(null, input.oidc, deps.outboundPolicy);
    const config = { ...base, ...applyCommonSettings(base, input) };
    return { protocol: 'oidc', config, clientSecret: input.oidc.clientSecret };
  }
  const imported = await importSamlMetadata(deps.outboundFetch, deps.outboundPolicy, input.saml);
  const base = buildSamlConfig(null, input.saml, imported, deps.outboundPolicy);
  return { protocol: 'saml', config: { ...base, ...applyCommonSettings(base, input) } };
}

/** Metadata an update names is read before its transaction; null when it names none. */
export async function importUpdateMetadata(
  deps: Outbound,
  input: UpdateConnectionInput,
): Promise<ImportedMetadata | null> {
  return input.saml
    ? importSamlMetadata(deps.outboundFetch, deps.outboundPolicy, input.saml)
    : null;
}

/** The settings after an update, computed from the current ones (inside the transaction). */
export function buildUpdatedConfig(
  current: SsoConnectionRecord,
  input: UpdateConnectionInput,
  imported: ImportedMetadata | null,
  policy: OutboundPolicy,
): SsoConnectionRecord['config'] {
  if (current.protocol === 'saml' && input.oidc) {
    throw new ValidationError('oidc: this is a SAML connection');
  }
  if (current.protocol === 'oidc' && input.saml) {
    throw new ValidationError('saml: this is an OIDC connection');
  }
  const base =
    current.protocol === 'saml'
      ? buildSamlConfig(current.config as SamlConnectionConfig, input.saml ?? {}, imported, policy)
      : buildOidcConfig(current.config as OidcConnectionConfig, input.oidc ?? {}, policy);
  return { ...base, ...applyCommonSettings(base, input) };
}

import { ValidationError } from '../../errors.js';
import {
  OutboundRequestError,
  type OutboundFetch,
  type OutboundPolicy,
} from '../../ops/outbound-http.js';
import { parseSamlMetadata } from '../saml/index.js';
import { SsoError } from '../sso-errors.js';
import { normalizeCertificates } from './certificates.js';
import type { ImportedMetadata } from './connection-config.js';
import { checkUrl } from './connection-config.js';
import type { SamlInput } from './connection-schema.js';
import { metadataError } from './sso-connection-errors.js';

const METADATA_ACCEPT = 'application/samlmetadata+xml, application/xml;q=0.9, text/xml;q=0.8';
const MANUAL_FIELDS = ['idpEntityId', 'idpSsoUrl', 'idpSloUrl', 'idpCertificates'] as const;

/**
 * The IdP settings carried by metadata the admin pasted (`metadataXml`) or named
 * (`metadataUrl`), or null when they entered the settings by hand. Fetching happens before any
 * transaction opens, so a slow IdP holds no database lock.
 */
export async function importSamlMetadata(
  fetch: OutboundFetch,
  policy: OutboundPolicy,
  input: SamlInput,
): Promise<ImportedMetadata | null> {
  const fromUrl = typeof input.metadataUrl === 'string';
  if (input.metadataXml === undefined && !fromUrl) return null;
  if (input.metadataXml !== undefined && fromUrl) {
    throw new ValidationError('saml: give metadataXml or metadataUrl, not both');
  }
  const manual = MANUAL_FIELDS.filter((field) => input[field] !== undefined);
  if (manual.length > 0) {
    throw new ValidationError(`saml.${manual[0]}: comes from the metadata; do not give both`);
  }
  if (fromUrl) checkUrl(input.metadataUrl!, 'saml.metadataUrl', policy);
  const xml = input.metadataXml ?? (await fetchSamlMetadata(fetch, input.metadataUrl!));
  return readSamlMetadata(xml);
}

/** Reads metadata XML; what cannot be used is a `metadata_invalid` naming the reason. */
export function readSamlMetadata(xml: string): ImportedMetadata {
  try {
    const parsed = parseSamlMetadata(xml);
    return {
      ...parsed,
      idpCertificates: normalizeCertificates(parsed.idpCertificates, 'metadata certificates'),
    };
  } catch (e: unknown) {
    if (e instanceof SsoError) throw metadataError(String(e.detail.reason ?? e.message));
    if (e instanceof ValidationError) throw metadataError(e.message);
    throw e;
  }
}

/**
 * GETs a metadata document through the outbound policy (https, public addresses, size cap, no
 * redirects). Every failure is the admin's to fix, so it is a 400 that says what went wrong.
 */
export async function fetchSamlMetadata(fetch: OutboundFetch, url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: METADATA_ACCEPT } });
  } catch (e: unknown) {
    throw metadataError(`${url} could not be read: ${describeFailure(e)}`);
  }
  if (response.status !== 200) {
    const hint =
      response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
    throw metadataError(`${url} answered HTTP ${response.status}${hint}`);
  }
  return response.text();
}

function describeFailure(e: unknown): string {
  if (e instanceof OutboundRequestError) return e.message;
  const code = (e as { code?: unknown }).code;
  // Only the error code (ECONNREFUSED, ENOTFOUND…): a message could echo more than the admin sent.
  return typeof code === 'string' ? code : 'network error';
}

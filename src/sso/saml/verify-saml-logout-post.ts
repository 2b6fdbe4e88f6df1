import type { SAML } from '@node-saml/node-saml';
import type { EntityManager } from 'typeorm';

import type { AdminDeps } from '../../admin/admin-deps.js';
import { SsoError } from '../sso-errors.js';
import type { SsoConnectionRecord } from '../sso-types.js';
import { createNodeSaml } from './create-node-saml.js';
import { checkLogoutFacts } from './check-logout-facts.js';
import { decodeSamlPost } from './decode-saml-post.js';
import { inspectSamlLogout, type LogoutMessageFacts } from './inspect-saml-logout.js';
import { recordAssertionId } from './record-assertion-id.js';
import { samlConfigOf } from './saml-connection-config.js';
import { samlError } from './saml-errors.js';
import { samlLogoutError } from './saml-logout-errors.js';

/** What a verified single-logout POST says (Profiles §4.4). */
export type VerifiedSamlLogout =
  | { kind: 'logout_response'; inResponseTo: string | null; relayState: string | null }
  | {
      kind: 'logout_request';
      /** The request's ID: our LogoutResponse answers it, and it is recorded against replay. */
      requestId: string;
      nameId: string;
      nameIdFormat: string | null;
      /** Empty: every session of the NameID at this connection (Core §3.7.1). */
      sessionIndexes: string[];
      /** Until when a replay of this request could still be accepted. */
      expiresAt: Date;
      relayState: string | null;
    };

/** Bindings §3.5.4: a form carries SAMLRequest or SAMLResponse, never both. */
function readField(body: unknown): { field: 'SAMLRequest' | 'SAMLResponse'; form: object } {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const hasRequest = typeof form.SAMLRequest === 'string';
  const hasResponse = typeof form.SAMLResponse === 'string';
  if (hasRequest === hasResponse) {
    throw samlError('saml_malformed', { reason: hasRequest ? 'request_and_response' : 'missing' });
  }
  if (hasResponse) return { field: 'SAMLResponse', form };
  return {
    field: 'SAMLRequest',
    form: { SAMLResponse: form.SAMLRequest, RelayState: form.RelayState },
  };
}

/**
 * node-saml checks the enveloped signature over the root against the connection's certificates
 * only. Its InResponseTo validation stays off (`createNodeSaml`): for a POSTed LogoutResponse it
 * would only look at a `Response` root anyway, and a LogoutRequest answers no request of ours.
 */
async function verifySignature(saml: SAML, facts: LogoutMessageFacts, xml: string) {
  const base64 = Buffer.from(xml, 'utf8').toString('base64');
  try {
    if (facts.kind === 'LogoutResponse') {
      const result = await saml.validatePostResponseAsync({ SAMLResponse: base64 });
      if (!result.loggedOut) throw new Error('not a logout response');
      return;
    }
    const { profile } = await saml.validatePostRequestAsync({ SAMLRequest: base64 });
    // The NameID we act on is the one we read; node-saml read it from the same verified root.
    if (profile?.nameID !== facts.nameId) throw new Error('name id differs');
  } catch (e: unknown) {
    if (e instanceof SsoError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw samlLogoutError('saml_logout_invalid', { reason: message.slice(0, 120) });
  }
}

/**
 * `POST /sso/saml/{id}/slo` (Profiles §4.4, HTTP-POST binding): the ACS's pre-parse guards (size,
 * base64, DOCTYPE), the structural checks, the IdP's signature, then issuer, destination, time
 * and status of the verified message. Every refusal is an `SsoError`.
 */
export async function verifySamlLogoutPost(
  deps: Pick<AdminDeps, 'keyring' | 'publicUrl' | 'clock'>,
  connection: SsoConnectionRecord,
  body: unknown,
): Promise<VerifiedSamlLogout> {
  const config = samlConfigOf(connection);
  const { field, form } = readField(body);
  const { xml, relayState } = decodeSamlPost(form);
  const facts = inspectSamlLogout(xml, config.allowSha1);
  if ((field === 'SAMLRequest') !== (facts.kind === 'LogoutRequest')) {
    throw samlLogoutError('saml_logout_invalid', { reason: 'wrong_form_field' });
  }
  await verifySignature(createNodeSaml(deps, connection, { withSigningKey: false }), facts, xml);
  const { expiresAt } = checkLogoutFacts(facts, deps, connection);

  if (facts.kind === 'LogoutResponse') {
    return { kind: 'logout_response', inResponseTo: facts.inResponseTo, relayState };
  }
  return {
    kind: 'logout_request',
    requestId: facts.id,
    nameId: facts.nameId!,
    nameIdFormat: facts.nameIdFormat,
    sessionIndexes: facts.sessionIndexes,
    expiresAt,
    relayState,
  };
}

/**
 * A LogoutRequest acts once: its id is kept (with the assertion ids, same connection) until it
 * expires, and a replay is refused as `saml_replay`, in the caller's transaction.
 */
export async function recordLogoutRequestId(
  manager: EntityManager,
  connection: SsoConnectionRecord,
  request: { requestId: string; expiresAt: Date },
  now: Date,
): Promise<void> {
  await recordAssertionId(manager, {
    connectionId: connection.id,
    assertionId: request.requestId,
    expiresAt: request.expiresAt,
    now,
  });
}

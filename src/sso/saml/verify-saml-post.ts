import type { EntityManager } from 'typeorm';

import type { AdminDeps } from '../../admin/admin-deps.js';
import type { SsoConnectionRecord, VerifiedIdentity } from '../sso-types.js';
import {
  checkAudience,
  checkIssuer,
  checkValidityWindow,
  parseSamlTime,
  type SamlCheckContext,
} from './check-assertion-conditions.js';
import {
  checkBearerConfirmation,
  checkDestination,
  inResponseToOf,
} from './check-subject-confirmation.js';
import { createNodeSaml } from './create-node-saml.js';
import { decodeSamlPost } from './decode-saml-post.js';
import { inspectSamlResponse } from './inspect-saml-response.js';
import { readVerifiedAssertion } from './read-verified-assertion.js';
import { recordAssertionId } from './record-assertion-id.js';
import { clockSkewMsOf, samlConfigOf } from './saml-connection-config.js';
import { samlError } from './saml-errors.js';
import { samlSpUrls } from './saml-sp-urls.js';
import { toVerifiedIdentity } from './to-verified-identity.js';
import { verifySamlSignature } from './verify-saml-signature.js';

export interface VerifiedSamlResponse {
  identity: VerifiedIdentity;
  /** The request id the signed assertion answers; null = IdP-initiated. The flow checks it. */
  inResponseTo: string | null;
  relayState: string | null;
}

/**
 * The ACS steps for one HTTP-POST (Profiles §4.1.4): decode within the size limit, inspect the
 * raw structure, verify the signature, then check only the verified assertion — issuer,
 * audience, validity, bearer confirmation, destination — and record its id against replay.
 * Every refusal is an `SsoError` with a `saml_*` code.
 */
export async function verifySamlPost(
  deps: AdminDeps,
  manager: EntityManager,
  connection: SsoConnectionRecord,
  body: unknown,
): Promise<VerifiedSamlResponse> {
  const config = samlConfigOf(connection);
  const { xml, relayState } = decodeSamlPost(body);
  const envelope = inspectSamlResponse(xml, config.allowSha1);
  const assertionXml = await verifySamlSignature(
    createNodeSaml(deps, connection, { withSigningKey: false }),
    xml,
  );
  const facts = readVerifiedAssertion(assertionXml);

  const urls = samlSpUrls(deps.publicUrl, connection.id);
  const ctx: SamlCheckContext = {
    idpEntityId: config.idpEntityId,
    spEntityId: urls.entityId,
    acsUrl: urls.acsUrl,
    now: deps.clock.now(),
    skewMs: clockSkewMsOf(config),
  };
  checkIssuer(facts, envelope, ctx);
  checkAudience(facts, ctx);
  checkDestination(envelope, ctx);
  const confirmation = checkBearerConfirmation(facts, ctx);
  checkValidityWindow(facts, ctx);
  const inResponseTo = inResponseToOf(confirmation, envelope);
  const identity = toVerifiedIdentity(facts, config);

  if (!facts.id) throw samlError('saml_malformed', { reason: 'assertion_without_id' });
  const expiries = [confirmation.notOnOrAfter, facts.notOnOrAfter]
    .filter((v): v is string => v !== null)
    .map((v) => parseSamlTime(v, 'expiry'));
  await recordAssertionId(manager, {
    connectionId: connection.id,
    assertionId: facts.id,
    expiresAt: new Date(Math.max(...expiries) + ctx.skewMs),
    now: ctx.now,
  });
  return { identity, inResponseTo, relayState };
}

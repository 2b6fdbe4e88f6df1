import type { AdminDeps } from '../../admin/admin-deps.js';
import type { SsoConnectionRecord } from '../sso-types.js';
import { parseSamlTime } from './check-assertion-conditions.js';
import type { LogoutMessageFacts } from './inspect-saml-logout.js';
import { clockSkewMsOf, samlConfigOf } from './saml-connection-config.js';
import { samlError } from './saml-errors.js';
import { samlLogoutError } from './saml-logout-errors.js';
import { samlSpUrls } from './saml-sp-urls.js';

const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
/**
 * A logout message is delivered by the browser right after the IdP makes it. Older ones are
 * refused so a captured LogoutRequest cannot end sessions later; five minutes leaves room for a
 * slow hop without keeping replay records long.
 */
export const MAX_LOGOUT_MESSAGE_AGE_MS = 5 * 60_000;

/**
 * The checks node-saml does not make on a verified logout message (its issuer and time checks
 * are off in `createNodeSaml`), made here with the connection's settings and the injected clock.
 * Returns until when the message could be accepted, for the replay record.
 */
export function checkLogoutFacts(
  facts: LogoutMessageFacts,
  deps: Pick<AdminDeps, 'publicUrl' | 'clock'>,
  connection: SsoConnectionRecord,
): { expiresAt: Date } {
  const config = samlConfigOf(connection);
  // Profiles §4.4.4.1 / §4.4.4.2: the Issuer is present and names the IdP of this connection;
  // a certificate we trust may serve several entities.
  if (facts.issuer !== config.idpEntityId) {
    throw samlLogoutError('saml_logout_issuer_mismatch', { present: facts.issuer !== null });
  }
  // Bindings §3.5.5.2: a signed POST message names in Destination where it was meant to go; a
  // message for another SP's (or another connection's) SLO endpoint is refused here.
  if (facts.destination !== samlSpUrls(deps.publicUrl, connection.id).sloUrl) {
    throw samlLogoutError('saml_logout_destination_mismatch', {
      present: facts.destination !== null,
    });
  }
  const expiresAt = checkTimes(facts, deps.clock.now().getTime(), clockSkewMsOf(config));

  // Core §3.7.2 / §3.2.2.2: a top-level status other than Success means logout failed at the IdP.
  if (facts.kind === 'LogoutResponse' && facts.status.code !== STATUS_SUCCESS) {
    throw samlLogoutError('saml_logout_status_failure', {
      status: facts.status.code,
      subStatus: facts.status.subCode,
    });
  }
  // Core §3.7.1: a LogoutRequest names the principal; without one there is nothing to end.
  if (facts.kind === 'LogoutRequest' && !facts.nameId) {
    throw samlError('saml_malformed', { reason: 'no_name_id' });
  }
  return { expiresAt };
}

/**
 * Core §3.2.1 IssueInstant (required) within the clock skew and not older than the maximum age;
 * Core §3.7.1 NotOnOrAfter of a LogoutRequest not passed.
 */
function checkTimes(facts: LogoutMessageFacts, now: number, skewMs: number): Date {
  if (!facts.issueInstant) throw samlError('saml_malformed', { reason: 'no_issue_instant' });
  const issued = parseSamlTime(facts.issueInstant, 'issue_instant');
  if (issued > now + skewMs) throw samlLogoutError('saml_logout_expired', { reason: 'future' });
  let expires = issued + MAX_LOGOUT_MESSAGE_AGE_MS;
  if (facts.notOnOrAfter) {
    expires = Math.min(expires, parseSamlTime(facts.notOnOrAfter, 'not_on_or_after'));
  }
  if (now - skewMs >= expires) throw samlLogoutError('saml_logout_expired', { reason: 'old' });
  return new Date(expires + skewMs);
}

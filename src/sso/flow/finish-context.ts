import type { RequestContext } from '../../ops/request-context.js';
import type { SsoConnectionRecord, VerifiedIdentity } from '../sso-types.js';
import type { FlowRecord } from './flow-store.js';

/** Everything a verified response brings to the last step of a flow. */
export interface FinishInput {
  connection: SsoConnectionRecord;
  identity: VerifiedIdentity;
  /** Null for an IdP-initiated SAML sign-in, which has no flow. */
  flow: FlowRecord | null;
  context: RequestContext;
  at: Date;
}

/** The MFA values the IdP sent, as a session keeps them (RFC 8176 `amr`, `acr`, SAML refs). */
export function evidenceOf(identity: VerifiedIdentity): string[] {
  return [...new Set([...identity.amr, ...identity.acr])].slice(0, 32);
}

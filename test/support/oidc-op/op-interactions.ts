import type { IncomingMessage, ServerResponse } from 'node:http';

/** Who signs in at the test OP, and how: the test chooses every claim the RP judges. */
export interface OpLogin {
  accountId: string;
  /** Default `<accountId>@example.test`; null sends no email claim. */
  email?: string | null;
  givenName?: string;
  familyName?: string;
  groups?: string[];
  /** RFC 8176 method references, e.g. `['pwd', 'mfa']`. */
  amr?: string[];
  acr?: string;
  /** `auth_time` of the login; default: now. */
  authTime?: Date;
  /** More claims for the ID token (their names must be in `extraClaims` of `startOidcOp`). */
  claims?: Record<string, unknown>;
}

interface InteractionState {
  login: OpLogin | null;
  requests: Record<string, unknown>[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyProvider = any;

/**
 * The OP's interaction endpoint without a UI: whatever it asks (login, consent), answer with the
 * login the test chose and a grant for the requested scopes, then let the OP resume.
 */
export async function finishInteraction(
  provider: AnyProvider,
  req: IncomingMessage,
  res: ServerResponse,
  state: InteractionState,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  state.requests.push({ ...details.params });
  const login = state.login;
  if (!login) throw new Error('test OIDC OP: call op.nextLogin(...) before driving a login');

  const isLogin = details.prompt.name === 'login';
  const accountId: string = isLogin ? login.accountId : details.session.accountId;
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope ?? 'openid'));
  const grantId: string = await grant.save();

  const result: Record<string, unknown> = { consent: { grantId } };
  if (isLogin) {
    const authTime = login.authTime ?? new Date();
    result.login = {
      accountId: login.accountId,
      amr: login.amr,
      acr: login.acr,
      ts: Math.floor(authTime.getTime() / 1000),
      remember: true,
    };
  }
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

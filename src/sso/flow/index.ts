/** The SSO sign-in flow: public `/sso` routes, `POST /auth/step-up`, and flows for admin tests. */
export { beginSsoFlow, type BeginSsoFlowInput } from './begin-sso-flow.js';
export { createSsoRouter } from './sso-router.js';
export { createStepUpRoutes } from './step-up-routes.js';
export { buildSsoLogoutUrl } from './sso-logout.js';

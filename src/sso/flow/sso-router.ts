import express, { Router, type NextFunction, type Request, type Response } from 'express';

import type { AdminDeps } from '../../admin/admin-deps.js';
import { sendHtmlPage } from './html-page.js';
import { handleOidcCallback } from './oidc-callback.js';
import { SIGNED_IN_PAGE } from './org-sso-policy.js';
import { recordSsoFailure } from './record-sso-failure.js';
import { handleAcs, handleMetadata } from './saml-acs.js';
import { handleSlo } from './saml-slo.js';
import { sendFailurePage, ssoRoute } from './sso-route.js';
import { handleLogin, handleStart } from './start-routes.js';
import { SsoError } from '../sso-errors.js';

/**
 * A SAML response is a few kilobytes; this bounds the work an anonymous POST can cause. It sits
 * above the saml module's own 256 KiB limit on the base64 (form encoding grows it by a few
 * percent), so an oversized response gets that module's `saml_too_large` page.
 */
const ACS_BODY = express.urlencoded({ extended: false, limit: '400kb', parameterLimit: 10 });

/**
 * `/sso/…`: the public sign-in URLs customers paste into their IdPs (DESIGN "Public surface").
 * Each route reads as its steps; failures become a page in `ssoRoute`.
 */
export function createSsoRouter(deps: AdminDeps): Router {
  const router = Router();
  const route = (handle: Parameters<typeof ssoRoute>[1]) => ssoRoute(deps, handle);

  router.get(
    '/start',
    route((req, res, scope) => handleStart(deps, req, res, scope)),
  );
  router.get(SIGNED_IN_PAGE.slice('/sso'.length), (_req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    sendHtmlPage(res, 200, {
      title: 'You are signed in',
      paragraphs: ['You can close this tab and go back to the application.'],
    });
  });
  router.get(
    '/:connectionId/login',
    route((req, res, s) => handleLogin(deps, req, res, s)),
  );
  router.post(
    '/saml/:connectionId/acs',
    ACS_BODY,
    route((req, res, scope) => handleAcs(deps, req, res, scope)),
  );
  router.post(
    '/saml/:connectionId/slo',
    ACS_BODY,
    route((req, res, scope) => handleSlo(deps, req, res, scope)),
  );
  router.get(
    '/saml/:connectionId/metadata',
    route((req, res, scope) => handleMetadata(deps, req, res, scope)),
  );
  router.get(
    '/oidc/:connectionId/callback',
    route((req, res, scope) => handleOidcCallback(deps, req, res, scope)),
  );

  router.use((req: Request, res: Response) => {
    sendFailurePage(res, notFound(), req.context.requestId);
  });
  // The body parser's refusals (too large, unreadable) arrive here, before any handler.
  router.use(async (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const scope = { connection: null, purpose: 'sign_in' as const, context: req.context };
    const failure = await recordSsoFailure(deps, error, scope);
    sendFailurePage(res, failure, req.context.requestId);
  });
  return router;
}

function notFound() {
  const error = new SsoError('not_found', 'There is no sign-in page at this address.', 404);
  return { status: error.status, code: error.code, message: error.message };
}

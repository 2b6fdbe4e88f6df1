import type { Response } from 'express';

import { setSessionCookie } from '../../access/sessions/session-cookie.js';
import type { FlowOutcome } from './complete-flow.js';
import { sendHtmlPage, sendRedirect } from './html-page.js';

/**
 * The browser's answer to a finished flow. 303 (RFC 9110 §15.4.4) so the POSTed ACS response
 * becomes a GET of the destination and is never re-submitted. A test shows what the IdP said —
 * subject, email and the MFA judgement — and never tokens or XML.
 */
export function respondToOutcome(res: Response, outcome: FlowOutcome, publicUrl: string): void {
  res.set('Cache-Control', 'no-store');
  if (outcome.kind === 'signed_in') {
    setSessionCookie(res, outcome.session.cookieValue, {
      secure: publicUrl.startsWith('https:'),
      expires: outcome.session.absoluteExpiresAt,
    });
    sendRedirect(res, 303, outcome.redirectTo);
    return;
  }
  if (outcome.kind === 'stepped_up') {
    sendRedirect(res, 303, outcome.redirectTo);
    return;
  }
  const { result } = outcome;
  sendHtmlPage(res, 200, {
    title: `Test sign-in to ${result.connectionName} succeeded`,
    paragraphs: [
      `Subject: ${result.subject}`,
      `Email: ${result.email ?? '(none sent)'}`,
      result.mfa.satisfied
        ? `MFA: accepted (${result.mfa.matched.join(', ')})`
        : 'MFA: no accepted MFA evidence — members would be refused if MFA is required.',
      result.revisionMarked
        ? 'This configuration is now tested; you can enable the connection.'
        : 'The configuration changed during the test; run the test again before enabling.',
    ],
  });
}

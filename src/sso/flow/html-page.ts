import type { Response } from 'express';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every dynamic value on a page goes through this (OWASP XSS prevention, rule 1). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * A minimal page for a person: no scripts, no external resources, not framed, not cached. The
 * CSP forbids everything but inline styles, so even a missed escape could not run script.
 */
export function sendHtmlPage(
  res: Response,
  status: number,
  page: { title: string; paragraphs: string[]; footer?: string },
): void {
  const body = page.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const footer = page.footer ? `<p class="ref">${escapeHtml(page.footer)}</p>` : '';
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
    })
    .send(
      `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em}
.ref{color:#666;font-size:.9em}</style></head>
<body><h1>${escapeHtml(page.title)}</h1>
${body}
${footer}
</body></html>
`,
    );
}

/** A redirect without a body: the Location is the whole answer (RFC 9110 §15.4). */
export function sendRedirect(res: Response, status: 302 | 303, location: string): void {
  res.status(status).set('Cache-Control', 'no-store').location(location).end();
}

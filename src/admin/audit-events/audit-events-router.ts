import { Router, type Response } from 'express';

import { CsrfError } from '../../access/access-errors.js';
import { CSRF_HEADER } from '../../access/authenticate.js';
import { guard, principalOf } from '../../access/guards.js';
import { parseAuditExportQuery, parseAuditListQuery } from '../../audit/audit-event-query.js';
import { listAuditEvents } from '../../audit/list-audit-events.js';
import { readAuditExport } from '../../audit/read-audit-export.js';
import { recordAuditExport } from '../../audit/record-audit-export.js';
import { runAdminChange, type AdminDeps } from '../admin-deps.js';
import { streamJsonLines } from './stream-json-lines.js';

export const NDJSON = 'application/x-ndjson';

/**
 * `GET /audit-events`: filtered pages, newest first. Reading the trail is not itself audited.
 * `GET /audit-events/export`: the same filters as JSON lines, oldest first, with each event's
 * chain hashes. Exporting is audited, committed before the first byte is sent.
 */
export function createAuditEventsRouter(deps: AdminDeps): Router {
  const router = Router({ mergeParams: true });
  const canRead = guard(deps.clock, 'audit.read');

  router.get('/', canRead, async (req, res) => {
    const query = parseAuditListQuery(req.query);
    const page = await listAuditEvents(deps.db.manager, principalOf(req).orgId, query);
    res.set('Cache-Control', 'no-store').json(page);
  });

  router.get('/export', canRead, async (req, res) => {
    const filters = parseAuditExportQuery(req.query);
    const principal = principalOf(req);
    const orgId = principal.orgId;
    // An export writes an audit event and an alert, so a cookie-authenticated one needs the
    // anti-CSRF header like any other change: a cross-site link must not trigger it.
    if (principal.kind === 'session' && !req.get(CSRF_HEADER)) throw new CsrfError();
    // Express answers HEAD with the GET route; a HEAD exports nothing, so it records nothing.
    if (req.method === 'HEAD') return void setExportHeaders(res, orgId).end();

    const throughSeq = await runAdminChange(deps, req, (manager, change) =>
      recordAuditExport(manager, change, filters),
    );
    setExportHeaders(res, orgId);
    await streamJsonLines(res, readAuditExport(deps.db.manager, orgId, filters, throughSeq), {
      logger: deps.logger,
      requestId: req.context.requestId,
    });
  });
  return router;
}

/** Set only once the export is committed, so an error answer is never labelled an attachment. */
function setExportHeaders(res: Response, orgId: string): Response {
  return res.status(200).set({
    'Content-Type': `${NDJSON}; charset=utf-8`,
    'Content-Disposition': `attachment; filename="audit-events-${orgId}.ndjson"`,
    'Cache-Control': 'no-store',
  });
}

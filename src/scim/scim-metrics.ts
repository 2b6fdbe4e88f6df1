import type { NextFunction, Request, Response } from 'express';

import type { Metrics } from '../ops/metrics.js';
import { routeTemplateOf, UNMATCHED_ROUTE } from '../ops/route-template.js';

/** Requests whose token named no connection (401) are counted under this connection label. */
const NO_CONNECTION = 'none';

/** RFC 7644 §4 discovery endpoints. */
const DISCOVERY = /^\/scim\/v2\/(ServiceProviderConfig|ResourceTypes|Schemas)\b/;

const VERBS: Record<string, string> = {
  POST: 'create',
  PUT: 'replace',
  PATCH: 'patch',
  DELETE: 'delete',
};

/**
 * Counts SCIM operations by connection, operation (`users.create`, `groups.patch`, `users.list`,
 * `discovery.get`…) and result (`success`, `client_error`, `server_error`), when the answer is
 * sent. Mounted before the token check, so refused tokens show up too.
 */
export function countScimOperations(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.once('finish', () => {
      metrics.scimOperations.inc({
        connection: req.scim?.connectionId ?? NO_CONNECTION,
        // A refused token stops the request before any route: the operation was the token check.
        operation: req.scim ? operationOf(req.method, routeTemplateOf(req)) : 'authenticate',
        result: resultOf(res.statusCode),
      });
    });
    next();
  };
}

/** From the route template, so the label set stays closed whatever URL was asked for. */
function operationOf(method: string, template: string): string {
  const match = /^\/scim\/v2\/(Users|Groups)(\/:id)?$/.exec(template);
  if (match) {
    const resource = match[1]!.toLowerCase();
    const verb = method === 'GET' ? (match[2] ? 'get' : 'list') : (VERBS[method] ?? 'other');
    return `${resource}.${verb}`;
  }
  if (template === UNMATCHED_ROUTE) return UNMATCHED_ROUTE;
  return method === 'GET' && DISCOVERY.test(template) ? 'discovery.get' : 'unsupported';
}

function resultOf(status: number): string {
  if (status >= 500) return 'server_error';
  return status >= 400 ? 'client_error' : 'success';
}

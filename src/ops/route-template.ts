import type { NextFunction, Request, Response } from 'express';

/** The label of a request no route answered (a 404 from a catch-all, a probe for paths). */
export const UNMATCHED_ROUTE = 'unmatched';

const TEMPLATE = Symbol('tessera.routeTemplate');

interface WithTemplate {
  [TEMPLATE]?: string;
}

/**
 * Remembers the route template (`/api/v1/orgs/:orgId/members/:memberId`) of the route that
 * answers a request, for metrics and logs. Express only keeps the concrete `baseUrl` and the last
 * router's own `route.path`, and restores `baseUrl` when an error climbs to an outer handler; so
 * the template is taken at the moment Express picks the route (`req.route = …`), when `baseUrl` is
 * the route's own mount point and `params` hold the values of its mount parameters. Labels must
 * never carry raw URLs: ids would make a series per member.
 */
export function trackRouteTemplate(req: Request, _res: Response, next: NextFunction): void {
  let route: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      if (value) (req as WithTemplate)[TEMPLATE] = templateOf(req, value.path);
    },
  });
  next();
}

/** The template of the route that answered, or `unmatched`. */
export function routeTemplateOf(req: Request): string {
  return (req as WithTemplate)[TEMPLATE] ?? UNMATCHED_ROUTE;
}

/**
 * The mount point with each segment that holds a parameter value written back as `:name`, then
 * the route's own path. A router mounted under a parameter must use `mergeParams` (the admin
 * routers do) so its parameters are known here.
 */
function templateOf(req: Request, routePath: unknown): string {
  const names = new Map<string, string>();
  for (const [name, value] of Object.entries(req.params ?? {})) {
    if (typeof value === 'string' && value !== '') names.set(value, name);
  }
  const base = req.baseUrl
    .split('/')
    .map((segment) => {
      const name = names.get(safeDecode(segment));
      return name === undefined ? segment : `:${name}`;
    })
    .join('/');
  const own = Array.isArray(routePath) ? routePath.join('|') : String(routePath ?? '');
  return base + (own === '/' && base !== '' ? '' : own);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

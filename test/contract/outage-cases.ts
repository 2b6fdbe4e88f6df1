import { userBody } from '../support/scim-bodies.js';
import { PATHS, scim, type ContractCase } from './contract-case.js';

/**
 * Run against an app whose database connection has been closed: readiness says so, and SCIM
 * answers a bare 500 whose body names no cause (STYLE 7).
 */
export const OUTAGE_CASES: ContractCase[] = [
  {
    name: 'the database is down',
    method: 'get',
    path: PATHS.readyz,
    status: 503,
    run: (ctx) => ctx.t.http.get('/readyz'),
  },
  {
    name: 'the database is down: 500 server_error',
    method: 'get',
    path: PATHS.users,
    status: 500,
    run: (ctx) => scim(ctx, 'get', '/Users'),
  },
  {
    name: 'the database is down: 500 server_error',
    method: 'post',
    path: PATHS.users,
    status: 500,
    run: (ctx) => scim(ctx, 'post', '/Users', { body: userBody('outage@example.com') }),
  },
  {
    name: 'the database is down: 500 server_error',
    method: 'get',
    path: PATHS.serviceProviderConfig,
    status: 500,
    run: (ctx) => scim(ctx, 'get', '/ServiceProviderConfig'),
  },
];

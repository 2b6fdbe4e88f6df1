import { Router, type Request } from 'express';

import { methodNotAllowed } from './method-not-allowed.js';
import { ScimError } from './scim-error.js';
import { sendScim } from './scim-response.js';
import {
  describeResourceTypes,
  describeSchemas,
  describeServiceProvider,
  isScimmyNotFound,
} from './scimmy-adapter.js';

/** RFC 7644 §4: read-only discovery. Any other method is 405, as the RFC's table says. */
export function createDiscoveryRouter(baseUrl: string): Router {
  const router = Router();

  router.get('/ServiceProviderConfig', async (_req, res) => {
    sendScim(res, 200, await describeServiceProvider(baseUrl));
  });
  router.get(['/ResourceTypes', '/ResourceTypes/:id'], async (req, res) => {
    sendScim(res, 200, await notFoundAs404(() => describeResourceTypes(baseUrl, idOf(req))));
  });
  router.get(['/Schemas', '/Schemas/:id'], async (req, res) => {
    sendScim(res, 200, await notFoundAs404(() => describeSchemas(baseUrl, idOf(req))));
  });
  router.all(
    ['/ServiceProviderConfig', '/ResourceTypes', '/ResourceTypes/:id', '/Schemas', '/Schemas/:id'],
    methodNotAllowed('GET'),
  );
  return router;
}

function idOf(req: Request): string | undefined {
  return typeof req.params.id === 'string' ? req.params.id : undefined;
}

async function notFoundAs404<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e: unknown) {
    if (isScimmyNotFound(e)) throw ScimError.notFound('no such schema or resource type');
    throw e;
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Router } from 'express';

const OPENAPI_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../openapi.yaml',
);

/** Serves the contract the API is tested against. */
export function createOpenApiRouter(): Router {
  // Read once when the app is built: a missing contract fails at start, not per request.
  const contract = fs.readFileSync(OPENAPI_FILE, 'utf8');
  const router = Router();
  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(contract);
  });
  return router;
}

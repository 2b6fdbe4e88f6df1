import type { Request, Response } from 'express';

import { ScimError } from './scim-error.js';

/** RFC 7231 §6.5.5: a known resource with a method it does not support is 405 with `Allow`. */
export function methodNotAllowed(allow: string) {
  return (_req: Request, res: Response): never => {
    res.setHeader('Allow', allow);
    throw new ScimError(405, undefined, `this endpoint supports ${allow}`);
  };
}

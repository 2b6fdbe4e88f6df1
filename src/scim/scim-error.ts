import { TesseraError } from '../errors.js';

/** `scimType` keywords of RFC 7644 §3.12, Table 9. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** The status each `scimType` travels with (RFC 7644 §3.12: all are 400 except the ones below). */
const STATUS_OF_TYPE: Record<ScimType, number> = {
  invalidFilter: 400,
  tooMany: 400,
  uniqueness: 409,
  mutability: 400,
  invalidSyntax: 400,
  invalidPath: 400,
  noTarget: 400,
  invalidValue: 400,
  invalidVers: 400,
  sensitive: 400,
};

/**
 * An error on the SCIM surface, rendered as an RFC 7644 §3.12 error body. A `scimType` is only
 * accepted with the status the RFC pairs it with, so a wrong pair cannot reach the wire.
 */
export class ScimError extends TesseraError {
  readonly scimType?: ScimType;

  constructor(status: number, scimType: ScimType | undefined, detail: string) {
    if (scimType !== undefined && STATUS_OF_TYPE[scimType] !== status) {
      throw new TypeError(`scimType ${scimType} does not go with HTTP ${status}`);
    }
    super(status, scimType ?? `http_${status}`, detail);
    this.scimType = scimType;
  }

  static invalidFilter(detail: string): ScimError {
    return new ScimError(400, 'invalidFilter', detail);
  }

  static invalidValue(detail: string): ScimError {
    return new ScimError(400, 'invalidValue', detail);
  }

  static invalidSyntax(detail: string): ScimError {
    return new ScimError(400, 'invalidSyntax', detail);
  }

  static invalidPath(detail: string): ScimError {
    return new ScimError(400, 'invalidPath', detail);
  }

  static noTarget(detail: string): ScimError {
    return new ScimError(400, 'noTarget', detail);
  }

  static mutability(detail: string): ScimError {
    return new ScimError(400, 'mutability', detail);
  }

  static uniqueness(detail: string): ScimError {
    return new ScimError(409, 'uniqueness', detail);
  }

  static notFound(detail: string): ScimError {
    return new ScimError(404, undefined, detail);
  }
}

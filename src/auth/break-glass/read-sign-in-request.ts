import { ValidationError } from '../../errors.js';

/** The body of `POST /auth/break-glass`. */
export interface BreakGlassSignInRequest {
  organization: string;
  email: string;
  password: string;
  code: string;
}

/** Generous caps: real values are far shorter; these only bound the work a request causes. */
const MAX_LENGTH: Record<keyof BreakGlassSignInRequest, number> = {
  organization: 63,
  email: 254,
  password: 1024,
  code: 16,
};

/**
 * Reads the sign-in fields. A malformed request is a 400 naming the field; it says nothing about
 * any account, so it is not counted as a failed sign-in. Only `application/json` bodies are
 * parsed, which a cross-site HTML form cannot send, so another site cannot sign a browser in.
 */
export function readSignInRequest(body: unknown): BreakGlassSignInRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError('send a JSON object with organization, email, password and code');
  }
  const fields = body as Record<string, unknown>;
  const read = (name: keyof BreakGlassSignInRequest): string => {
    const value = fields[name];
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH[name]) {
      throw new ValidationError(`${name} must be a string of 1 to ${MAX_LENGTH[name]} characters`);
    }
    return value;
  };
  return {
    organization: read('organization').trim().toLowerCase(),
    email: read('email').trim(),
    password: read('password'),
    code: read('code').replace(/\s/g, ''),
  };
}

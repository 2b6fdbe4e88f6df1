import { isDataException } from '../db/postgres-errors.js';

/** A failure caused by what the client sent, with the status and stable code it maps to. */
export interface ClientFault {
  status: number;
  code: string;
  message: string;
}

/**
 * Recognises the faults that are the client's although no handler threw them on purpose: the
 * body parser's (malformed JSON, too large, unsupported charset or encoding), the router's (a
 * path that does not percent-decode), and values the database refuses to store. Anything else
 * is ours, and stays a 500.
 */
export function clientFaultOf(error: unknown): ClientFault | undefined {
  const fault = error as { type?: string; status?: number } | null;
  switch (fault?.type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'invalid_json', message: 'request body is not valid JSON' };
    case 'entity.too.large':
      return { status: 413, code: 'too_large', message: 'request body is too large' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'unsupported_media_type', message: 'send UTF-8 JSON' };
  }
  if (typeof fault?.status === 'number' && fault.status >= 400 && fault.status < 500) {
    return { status: fault.status, code: 'invalid_request', message: 'request could not be read' };
  }
  if (isDataException(error)) {
    return {
      status: 400,
      code: 'invalid_request',
      message:
        'a value cannot be stored: it holds a NUL character, broken Unicode or is out of range',
    };
  }
  return undefined;
}

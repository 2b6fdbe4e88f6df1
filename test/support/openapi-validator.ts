import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The contract every response is checked against (STYLE 17). */
export const OPENAPI_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../openapi.yaml',
);

/** Base URI the component schemas are registered under, so `#/components/schemas/X` resolves. */
const CONTRACT_ID = 'https://tessera.invalid/openapi.yaml';
const COMPONENT_REF = '#/components/schemas/';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** OpenAPI keywords a Schema Object may carry that JSON Schema 2020-12 does not define. */
const OPENAPI_SCHEMA_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs'];

export type HttpMethod = (typeof METHODS)[number];
type Json = Record<string, unknown>;

/** What the validator reads from a response; a supertest response fits. */
export interface ContractResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text?: string;
  /** The request as sent, when known (supertest sets it): its method and path are checked. */
  req?: { method?: string; path?: string };
}

/** One documented method of one path, with the statuses it may answer. */
export interface ContractOperation {
  method: HttpMethod;
  path: string;
  statuses: string[];
}

/** A place in the contract: `GET /scim/v2/Users/{id}`. */
export function operationKey(method: string, pathTemplate: string): string {
  return `${method.toUpperCase()} ${pathTemplate}`;
}

/**
 * Loads `openapi.yaml`, registers its component schemas with ajv (OpenAPI 3.1 schemas are JSON
 * Schema 2020-12) and checks responses against the operation they answer: the status must be
 * documented, and so must the media type, the required headers and the body's shape.
 */
export class OpenApiContract {
  readonly document: Json;
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(file = OPENAPI_FILE) {
    this.document = parse(fs.readFileSync(file, 'utf8')) as Json;
    // Unknown keywords are errors (a typo in the contract must not pass silently); overlays such
    // as `allOf: [{ $ref }, { properties: … }]` without their own `type` are valid JSON Schema.
    this.ajv = new Ajv2020({
      strict: true,
      strictTypes: false,
      strictRequired: false,
      allErrors: true,
    });
    addFormats.default(this.ajv);
    const schemas = (this.at('#/components/schemas') ?? {}) as Json;
    for (const keyword of [...OPENAPI_SCHEMA_KEYWORDS, ...extensionKeywords(schemas)]) {
      this.ajv.addKeyword(keyword);
    }
    this.ajv.addSchema({ $id: CONTRACT_ID, $defs: absoluteRefs(schemas) });
  }

  /** Every documented operation, in document order. */
  operations(): ContractOperation[] {
    const paths = (this.document.paths ?? {}) as Record<string, Json>;
    return Object.entries(paths).flatMap(([pathTemplate, item]) =>
      METHODS.filter((method) => item[method] !== undefined).map((method) => ({
        method,
        path: pathTemplate,
        statuses: Object.keys(((item[method] as Json).responses ?? {}) as Json),
      })),
    );
  }

  /**
   * Fails unless `res` is a documented answer of `method pathTemplate`: a documented status,
   * each required header present and well-formed, and a body of the documented media type
   * that validates — or no body at all where none is documented.
   */
  expectMatchesContract(method: string, pathTemplate: string, res: ContractResponse): void {
    const where = `${operationKey(method, pathTemplate)} → ${res.status}`;
    const operation = this.operation(method, pathTemplate);
    checkRequest(where, method, pathTemplate, res);

    const response = this.response(operation, res.status, where);
    this.checkHeaders(where, response, res);
    this.checkBody(where, response, res);
  }

  /** Fails unless `value` validates against `components.schemas[name]`. */
  expectMatchesSchema(name: string, value: unknown): void {
    if (this.at(`${COMPONENT_REF}${name}`) === undefined) {
      throw new Error(`openapi.yaml has no components.schemas.${name}`);
    }
    this.validate(`components.schemas.${name}`, { $ref: `${COMPONENT_REF}${name}` }, value);
  }

  private operation(method: string, pathTemplate: string): Json {
    const item = (this.document.paths as Record<string, Json> | undefined)?.[pathTemplate];
    const operation = item?.[method.toLowerCase()] as Json | undefined;
    if (!operation) {
      throw new Error(`openapi.yaml does not document ${operationKey(method, pathTemplate)}`);
    }
    return operation;
  }

  private response(operation: Json, status: number, where: string): Json {
    const responses = (operation.responses ?? {}) as Json;
    const found = responses[String(status)] ?? responses[`${String(status)[0]}XX`];
    if (found === undefined) {
      const documented = Object.keys(responses).join(', ');
      throw new Error(`${where}: status ${status} is not documented (documented: ${documented})`);
    }
    return this.deref(found as Json);
  }

  private checkHeaders(where: string, response: Json, res: ContractResponse): void {
    const headers = (response.headers ?? {}) as Json;
    for (const [name, raw] of Object.entries(headers)) {
      const header = this.deref(raw as Json);
      const value = res.headers[name.toLowerCase()];
      if (value === undefined) {
        if (header.required === true) throw new Error(`${where}: header ${name} is missing`);
        continue;
      }
      if (header.schema) this.validate(`${where} header ${name}`, header.schema as Json, value);
    }
  }

  private checkBody(where: string, response: Json, res: ContractResponse): void {
    const content = response.content as Record<string, Json> | undefined;
    const text = res.text ?? '';
    if (!content) {
      if (text !== '') throw new Error(`${where}: a body was sent where none is documented`);
      return;
    }
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    const media = content[type];
    if (!media) {
      const documented = Object.keys(content).join(', ');
      throw new Error(`${where}: content type "${type}" is not documented (${documented})`);
    }
    if (!media.schema) return;
    const isJson = type === 'application/json' || type.endsWith('+json');
    this.validate(`${where} body`, media.schema as Json, isJson ? parseJson(where, text) : text);
  }

  private validate(where: string, schema: Json, value: unknown): void {
    const key = JSON.stringify(schema);
    let check = this.compiled.get(key);
    if (!check) {
      check = this.ajv.compile(absolute(schema));
      this.compiled.set(key, check);
    }
    if (!check(value)) {
      const errors = this.ajv.errorsText(check.errors, { separator: '\n  ', dataVar: 'value' });
      throw new Error(`${where} does not match openapi.yaml:\n  ${errors}`);
    }
  }

  /** Follows a `$ref` to another part of the document (responses, headers, parameters). */
  private deref(node: Json): Json {
    let current = node;
    for (let hops = 0; typeof current.$ref === 'string'; hops += 1) {
      if (hops > 10) throw new Error(`$ref cycle at ${String(current.$ref)}`);
      const target = this.at(current.$ref);
      if (target === undefined) throw new Error(`unresolved $ref ${current.$ref}`);
      current = target as Json;
    }
    return current;
  }

  /** The node a local JSON pointer (`#/components/...`) names, or undefined. */
  at(pointer: string): unknown {
    if (!pointer.startsWith('#/')) return undefined;
    return pointer
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], this.document);
  }
}

/** The request actually sent must be the operation named, so a case cannot test another URL. */
function checkRequest(where: string, method: string, pathTemplate: string, res: ContractResponse) {
  if (res.req?.method && res.req.method.toUpperCase() !== method.toUpperCase()) {
    throw new Error(`${where}: the request was ${res.req.method}`);
  }
  const sentPath = res.req?.path?.split('?')[0];
  if (sentPath !== undefined && !templateMatches(pathTemplate, sentPath)) {
    throw new Error(`${where}: the request went to ${sentPath}`);
  }
}

/** Whether a concrete path fits a template such as `/scim/v2/Users/{id}`. */
export function templateMatches(pathTemplate: string, concrete: string): boolean {
  const pattern = pathTemplate
    .split(/\{[^}]+\}/)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${pattern}$`).test(concrete);
}

function parseJson(where: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${where}: body is not JSON: ${text.slice(0, 80)}`);
  }
}

/** Rewrites `#/components/schemas/X` to the registered `$defs`, everywhere in a schema tree. */
function absoluteRefs(node: Json): Json {
  return Object.fromEntries(Object.entries(node).map(([name, schema]) => [name, absolute(schema)]));
}

function absolute<T>(node: T): T {
  if (Array.isArray(node)) return node.map(absolute) as T;
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF)) {
        return [key, `${CONTRACT_ID}#/$defs/${value.slice(COMPONENT_REF.length)}`];
      }
      return [key, absolute(value)];
    }),
  ) as T;
}

/** `x-…` extension keys used inside schemas, declared to ajv as annotation-only keywords. */
function extensionKeywords(node: unknown, found = new Set<string>()): string[] {
  if (Array.isArray(node)) node.forEach((item) => extensionKeywords(item, found));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) found.add(key);
      else extensionKeywords(value, found);
    }
  }
  return [...found];
}

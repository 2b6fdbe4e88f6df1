import { tryResolvePath } from '../patch/resolve-path.js';
import type { ResourceSchema } from '../patch/resource-schema.js';

/**
 * The attributes an `attributes` or `excludedAttributes` list names, as a tree keyed by the
 * schema's spelling: `true` means the whole attribute, a nested selection means some of its
 * sub-attributes. `emails.value` is `{ emails: { value: true } }`; an extension attribute sits
 * under its URN, like the document it selects from.
 */
export type Selection = Map<string, Selection | true>;

/** What a request asks for (RFC 7644 §3.4.2.5, §3.9); each a comma-separated list or a list. */
export interface ProjectionOptions {
  attributes?: string | readonly string[];
  excludedAttributes?: string | readonly string[];
}

/** The names in a comma-separated list (or several), blanks dropped. */
export function readAttributeList(list: string | readonly string[] | undefined): string[] {
  if (list === undefined) return [];
  const parts = typeof list === 'string' ? [list] : list;
  return parts
    .flatMap((part) => part.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

function insert(selection: Selection, keys: readonly string[]): void {
  const [head, ...rest] = keys;
  if (head === undefined) return;

  const existing = selection.get(head);
  if (existing === true) return;
  if (rest.length === 0) {
    selection.set(head, true);
    return;
  }
  const child: Selection = existing ?? new Map();
  selection.set(head, child);
  insert(child, rest);
}

/**
 * Resolves the names of a list against a schema, in any case (RFC 7643 §2.1). Names the schema
 * does not define are ignored rather than refused, as RFC 7644 §3.4.2.5 does not make them an
 * error and IdPs ask for attributes of their own.
 */
export function selectAttributes(
  schema: ResourceSchema,
  list: string | readonly string[] | undefined,
): Selection {
  const selection: Selection = new Map();

  for (const name of readAttributeList(list)) {
    const target = tryResolvePath(schema, name);
    if (target === undefined) continue;
    const keys = [target.extension, target.attribute.name, target.sub?.name];
    insert(
      selection,
      keys.filter((key): key is string => key !== undefined),
    );
  }
  return selection;
}

import { DOMParser } from '@xmldom/xmldom';

export const NS_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const NS_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const NS_DSIG = 'http://www.w3.org/2000/09/xmldsig#';

const ELEMENT_NODE = 1;

/** Strict parse: every xmldom warning or error refuses the document. Null when not XML. */
export function parseStrictXml(xml: string): Document | null {
  const fail = (message: string) => {
    throw new Error(message);
  };
  try {
    const doc = new DOMParser({
      errorHandler: { warning: fail, error: fail, fatalError: fail },
    }).parseFromString(xml, 'text/xml');
    return doc.documentElement ? (doc as unknown as Document) : null;
  } catch {
    return null;
  }
}

export function childElements(parent: Node, localName?: string, ns?: string): Element[] {
  const out: Element[] = [];
  const nodes = parent.childNodes;
  for (let i = 0; i < nodes.length; i += 1) {
    const node = nodes[i] as Element;
    if (node.nodeType !== ELEMENT_NODE) continue;
    if (localName && node.localName !== localName) continue;
    if (ns && node.namespaceURI !== ns) continue;
    out.push(node);
  }
  return out;
}

/** The single child element with this name, null when absent; several are malformed. */
export function onlyChild(parent: Node, localName: string, ns: string): Element | null | 'many' {
  const found = childElements(parent, localName, ns);
  if (found.length > 1) return 'many';
  return found[0] ?? null;
}

/**
 * True when elements nest deeper than `max` below `root`. Walked with an explicit stack: the
 * document is still untrusted here, and a recursive walk of a few thousand nested elements
 * (well inside the body limit) would exhaust the call stack.
 */
export function nestsDeeperThan(root: Node, max: number): boolean {
  const stack: { node: Node; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > max) return true;
    for (const child of childElements(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}

export function allElements(root: Node): Element[] {
  const out: Element[] = [];
  const walk = (node: Node) => {
    for (const child of childElements(node)) {
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

export function attr(el: Element | null, name: string): string | null {
  if (!el || !el.hasAttribute(name)) return null;
  return el.getAttribute(name);
}

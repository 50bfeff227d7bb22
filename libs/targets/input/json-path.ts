import { type JsonNode, objectMember } from './json-source.js';

/**
 * The JSONPath subset EventBridge evaluates in `InputPath` and `InputPathsMap`: `$`, dot notation
 * with names made of letters, digits, `_`, `-` and `/`, array indices `[n]`, and wildcards (`.*`,
 * `[*]`). Bracket notation with quoted names, filters, slices and deep scan (`..`) are refused,
 * as AWS documents ("You must use JSON dot notation, not bracket notation").
 */

export type PathSegment =
  | { readonly kind: 'member'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' };

export interface JsonPath {
  readonly text: string;
  readonly segments: readonly PathSegment[];
  /** True when the path contains a wildcard and so yields a list rather than one value. */
  readonly indefinite: boolean;
}

/** Thrown by `parseJsonPath`; the message says what is wrong and where. */
export class JsonPathSyntaxError extends Error {
  override readonly name = 'JsonPathSyntaxError';
}

const NAME = /[A-Za-z0-9_\-/]+/y;
const INDEX = /\[(\d+)\]/y;

/** Parses a path in the AWS-supported subset. */
export function parseJsonPath(text: string): JsonPath {
  if (!text.startsWith('$')) throw new JsonPathSyntaxError(`JSON path "${text}" must start with "$"`);
  const segments: PathSegment[] = [];
  let pos = 1;
  while (pos < text.length) {
    if (text.startsWith('.*', pos) || text.startsWith('[*]', pos)) {
      segments.push({ kind: 'wildcard' });
      pos += text[pos] === '.' ? 2 : 3;
      continue;
    }
    if (text[pos] === '.') {
      NAME.lastIndex = pos + 1;
      const name = NAME.exec(text);
      if (!name) throw syntaxError(text, pos + 1, 'a member name (letters, digits, "_", "-", "/")');
      segments.push({ kind: 'member', name: name[0] });
      pos = NAME.lastIndex;
      continue;
    }
    INDEX.lastIndex = pos;
    const index = INDEX.exec(text);
    if (!index) throw syntaxError(text, pos, 'a ".name", "[index]" or wildcard');
    const value = Number(index[1]);
    if (!Number.isSafeInteger(value)) throw syntaxError(text, pos, 'a smaller array index');
    segments.push({ kind: 'index', index: value });
    pos = INDEX.lastIndex;
  }
  return { text, segments, indefinite: segments.some((s) => s.kind === 'wildcard') };
}

function syntaxError(text: string, pos: number, expected: string): JsonPathSyntaxError {
  return new JsonPathSyntaxError(
    `JSON path "${text}" is not supported: expected ${expected} at position ${pos}`,
  );
}

/** Every node the path selects, in document order; empty when nothing matches. */
export function selectNodes(path: JsonPath, root: JsonNode): JsonNode[] {
  let current: JsonNode[] = [root];
  for (const segment of path.segments) {
    const next: JsonNode[] = [];
    for (const node of current) {
      if (segment.kind === 'member') {
        const member = objectMember(node, segment.name);
        if (member) next.push(member);
      } else if (segment.kind === 'index') {
        if (node.kind === 'array' && segment.index < node.items.length) next.push(node.items[segment.index]);
      } else if (node.kind === 'array') {
        next.push(...node.items);
      } else if (node.kind === 'object') {
        // Duplicate keys collapse to their last value in the first key's place, as with JSON.parse.
        const seen = new Map<string, JsonNode>();
        for (const [name, value] of node.entries) seen.set(name, value);
        next.push(...seen.values());
      }
    }
    current = next;
  }
  return current;
}

/**
 * A JSON reader that keeps each value's position in the source text.
 *
 * Input shaping must hand values to targets exactly as the producer wrote them: `JSON.parse` followed
 * by `JSON.stringify` turns `300.0` into `300` and rounds integers above 2^53, and it reorders
 * integer-like object keys. Keeping the source span of every node lets us copy the original text.
 */

interface NodeSpan {
  /** Offset of the first character of the value in the source text. */
  readonly start: number;
  /** Offset one past the last character of the value. */
  readonly end: number;
}

/** A parsed JSON value that remembers where it came from. */
export type JsonNode =
  | (NodeSpan & { readonly kind: 'object'; readonly entries: readonly (readonly [string, JsonNode])[] })
  | (NodeSpan & { readonly kind: 'array'; readonly items: readonly JsonNode[] })
  | (NodeSpan & { readonly kind: 'string'; readonly value: string })
  /** Numbers, `true`, `false` and `null`: their source text is all we ever need. */
  | (NodeSpan & { readonly kind: 'literal' });

/** A parsed document: the root node plus the text its spans point into. */
export interface JsonDocument {
  readonly source: string;
  readonly root: JsonNode;
}

/** Thrown for text that is not a single JSON value. */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

// PutEvents accepts nesting up to ~1000 levels; anything deeper is refused before it can blow the stack.
const MAX_DEPTH = 1_500;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses `source` as one JSON value (surrounding whitespace allowed). */
export function parseJsonDocument(source: string): JsonDocument {
  const reader = new Reader(source);
  reader.skipWhitespace();
  const root = reader.value(0);
  reader.skipWhitespace();
  if (reader.pos !== source.length) reader.fail('unexpected text after the JSON value');
  return { source, root };
}

/** The value of `key` in an object node; like `JSON.parse`, the last duplicate key wins. */
export function objectMember(node: JsonNode, key: string): JsonNode | undefined {
  if (node.kind !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const [name, value] = node.entries[i];
    if (name === key) return value;
  }
  return undefined;
}

/** The node's source text with insignificant whitespace removed. */
export function nodeJsonText(doc: JsonDocument, node: JsonNode): string {
  const text = doc.source.slice(node.start, node.end);
  return node.kind === 'object' || node.kind === 'array' ? minifyJson(text) : text;
}

/**
 * Removes whitespace outside string literals. Only meaningful for valid JSON text; string contents
 * (and therefore number text and key order) are untouched.
 */
export function minifyJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') {
      out += c;
    }
  }
  return out;
}

class Reader {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw new JsonSyntaxError(`${message} at offset ${this.pos}`);
  }

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      this.pos++;
    }
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail('JSON nested too deeply');
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    return this.literal();
  }

  private object(depth: number): JsonNode {
    const start = this.pos++;
    const entries: (readonly [string, JsonNode])[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === '}') return { kind: 'object', start, end: ++this.pos, entries };
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected an object key');
      const key = this.string().value;
      this.skipWhitespace();
      if (this.text[this.pos++] !== ':') this.fail('expected ":"');
      this.skipWhitespace();
      entries.push([key, this.value(depth + 1)]);
      this.skipWhitespace();
      const sep = this.text[this.pos++];
      if (sep === '}') return { kind: 'object', start, end: this.pos, entries };
      if (sep !== ',') this.fail('expected "," or "}"');
    }
  }

  private array(depth: number): JsonNode {
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') return { kind: 'array', start, end: ++this.pos, items };
    for (;;) {
      this.skipWhitespace();
      items.push(this.value(depth + 1));
      this.skipWhitespace();
      const sep = this.text[this.pos++];
      if (sep === ']') return { kind: 'array', start, end: this.pos, items };
      if (sep !== ',') this.fail('expected "," or "]"');
    }
  }

  private string(): JsonNode & { kind: 'string' } {
    const start = this.pos;
    const t = this.text;
    let i = start + 1;
    while (i < t.length && t[i] !== '"') i += t[i] === '\\' ? 2 : 1;
    if (i >= t.length) this.fail('unterminated string');
    this.pos = i + 1;
    try {
      // JSON.parse checks escapes and control characters for us on this small slice.
      return { kind: 'string', start, end: this.pos, value: JSON.parse(t.slice(start, this.pos)) as string };
    } catch {
      this.pos = start;
      return this.fail('invalid string');
    }
  }

  private literal(): JsonNode {
    const start = this.pos;
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, start)) {
        this.pos += word.length;
        return { kind: 'literal', start, end: this.pos };
      }
    }
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('unexpected character');
    this.pos = start + match[0].length;
    return { kind: 'literal', start, end: this.pos };
  }
}

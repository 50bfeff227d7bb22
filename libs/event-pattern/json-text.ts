/**
 * A small JSON parser that keeps what `JSON.parse` throws away and EventBridge cares about:
 * the raw text of every number (`300.0` vs `300`, `1e400`), and every member of an object in
 * document order, duplicates included (patterns resolve duplicates last-wins, events keep both,
 * as event-ruler does). Error messages follow Jackson's wording because AWS surfaces them.
 */

export type JsonValue =
  | { readonly type: 'object'; readonly entries: ReadonlyArray<readonly [string, JsonValue]> }
  | { readonly type: 'array'; readonly items: readonly JsonValue[] }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly text: string; readonly value: number }
  | { readonly type: 'true' | 'false' | 'null' };

/** Syntax error with a Jackson-style message; `position` is a 0-based character offset. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const EXPECTING_VALUE =
  "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Jackson's `_getCharDesc`: how its messages render an offending character. */
export function describeChar(code: number): string {
  if (code < 32 || (code >= 127 && code < 160)) return `(CTRL-CHAR, code ${code})`;
  const hex = code > 255 ? ` / 0x${code.toString(16)}` : '';
  return `'${String.fromCharCode(code)}' (code ${code}${hex})`;
}

/** Parses one complete JSON document; `maxDepth` bounds object/array nesting. */
export function parseJsonText(text: string, maxDepth: number): JsonValue {
  const parser = new TreeParser(text, maxDepth);
  parser.skipWhitespace();
  if (parser.pos >= text.length) throw new JsonSyntaxError('No content to map due to end-of-input', 0);
  const value = parser.value(0);
  parser.skipWhitespace();
  if (parser.pos < text.length) {
    parser.fail(`Unexpected character (${describeChar(text.charCodeAt(parser.pos))}): expected end of input`);
  }
  return value;
}

class TreeParser {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  fail(message: string, at = this.pos): never {
    throw new JsonSyntaxError(message, at);
  }

  skipWhitespace(): void {
    const text = this.text;
    let c = text.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++this.pos);
  }

  value(depth: number): JsonValue {
    const c = this.text.charCodeAt(this.pos);
    if (c === 123 || c === 91) {
      if (depth >= this.maxDepth) this.fail(`Nesting depth exceeds the maximum allowed (${this.maxDepth})`);
      return c === 123 ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === 34) return { type: 'string', value: this.string() };
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    if (Number.isNaN(c)) this.fail('Unexpected end-of-input: expected a value');
    return this.literal(c);
  }

  private literal(c: number): JsonValue {
    // Jackson reports the whole identifier-like run, e.g. `Unrecognized token 'this'`.
    const start = this.pos;
    let end = start;
    while (end < this.text.length && /[\p{L}\p{N}_$]/u.test(this.text[end])) end++;
    const token = this.text.slice(start, end);
    if (token === 'true' || token === 'false' || token === 'null') {
      this.pos = end;
      return { type: token };
    }
    if (end === start) this.fail(`Unexpected character (${describeChar(c)}): expected a value`);
    return this.fail(`Unrecognized token '${token}': ${EXPECTING_VALUE}`);
  }

  private object(depth: number): JsonValue {
    const entries: Array<readonly [string, JsonValue]> = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return { type: 'object', entries };
    }
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 34) {
        if (Number.isNaN(c)) this.fail('Unexpected end-of-input: expected close marker for Object');
        this.fail(
          `Unexpected character (${describeChar(c)}): was expecting double-quote to start field name`,
        );
      }
      const key = this.string();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 58) this.expected('a colon to separate field name and value');
      this.pos++;
      this.skipWhitespace();
      entries.push([key, this.value(depth)]);
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.pos++);
      if (next === 125) return { type: 'object', entries };
      if (next !== 44) this.expected('comma to separate Object entries', this.pos - 1, 'Object');
      this.skipWhitespace();
    }
  }

  private array(depth: number): JsonValue {
    const items: JsonValue[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return { type: 'array', items };
    }
    for (;;) {
      items.push(this.value(depth));
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.pos++);
      if (next === 93) return { type: 'array', items };
      if (next !== 44) this.expected('comma to separate Array entries', this.pos - 1, 'Array');
      this.skipWhitespace();
    }
  }

  private expected(what: string, at = this.pos, container?: string): never {
    const c = this.text.charCodeAt(at);
    if (Number.isNaN(c))
      this.fail(`Unexpected end-of-input: expected close marker for ${container ?? 'Object'}`, at);
    return this.fail(`Unexpected character (${describeChar(c)}): was expecting ${what}`, at);
  }

  /** Reads a string starting at the opening quote. */
  string(): string {
    const [value, end] = readJsonString(this.text, this.pos);
    this.pos = end;
    return value;
  }

  private number(): JsonValue {
    const end = scanNumber(this.text, this.pos);
    if (end < 0) this.fail(`Invalid numeric value: ${numberProblem(this.text, this.pos)}`);
    const text = this.text.slice(this.pos, end);
    this.pos = end;
    return { type: 'number', text, value: Number(text) };
  }
}

/**
 * Returns the end offset of a JSON number starting at `i`, or -1 when the grammar is broken
 * (`-`, `01`, `1.`, `1e`). Shared with the streaming event scanner.
 */
/**
 * Decodes the JSON string whose opening quote is at `pos`; returns the value and the offset just
 * past the closing quote. The common escape-free case is a single slice.
 */
export function readJsonString(text: string, pos: number): [string, number] {
  const start = pos + 1;
  let i = start;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 34) return [text.slice(start, i), i + 1];
    if (c === 92 || c < 32 || c !== c) break;
    i++;
  }
  let out = text.slice(start, i);
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 34) return [out, i + 1];
    if (c !== c) throw new JsonSyntaxError('Unexpected end-of-input in VALUE_STRING', i);
    if (c < 32) {
      throw new JsonSyntaxError(
        `Illegal unquoted character (${describeChar(c)}): has to be escaped using backslash to be included in string value`,
        i,
      );
    }
    if (c !== 92) {
      out += text[i++];
      continue;
    }
    const esc = text[i + 1];
    if (esc === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new JsonSyntaxError(
          'Unexpected character in Unicode escape: expected a hex-digit for character escape sequence',
          i,
        );
      }
      out += String.fromCharCode(parseInt(hex, 16));
      i += 6;
    } else if (esc !== undefined && ESCAPES[esc] !== undefined) {
      out += ESCAPES[esc];
      i += 2;
    } else if (esc === undefined) {
      throw new JsonSyntaxError('Unexpected end-of-input in VALUE_STRING', i);
    } else {
      throw new JsonSyntaxError(`Unrecognized character escape ${describeChar(esc.charCodeAt(0))}`, i);
    }
  }
}

export function scanNumber(text: string, i: number): number {
  let c = text.charCodeAt(i);
  if (c === 45) c = text.charCodeAt(++i);
  if (c === 48) {
    c = text.charCodeAt(++i);
    if (c >= 48 && c <= 57) return -1;
  } else if (c >= 49 && c <= 57) {
    do c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57);
  } else return -1;
  if (c === 46) {
    c = text.charCodeAt(++i);
    if (!(c >= 48 && c <= 57)) return -1;
    do c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57);
  }
  if (c === 101 || c === 69) {
    c = text.charCodeAt(++i);
    if (c === 43 || c === 45) c = text.charCodeAt(++i);
    if (!(c >= 48 && c <= 57)) return -1;
    do c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57);
  }
  return i;
}

function numberProblem(text: string, i: number): string {
  const digits = text.charCodeAt(text.charCodeAt(i) === 45 ? i + 1 : i);
  if (digits === 48 && /^-?0\d/.test(text.slice(i, i + 3))) return 'Leading zeroes not allowed';
  return `malformed number near '${text.slice(i, i + 12)}'`;
}

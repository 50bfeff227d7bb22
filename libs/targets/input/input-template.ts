import { minifyJson } from './json-source.js';

/**
 * InputTemplate scanning and rendering, following what AWS documents and what AWS-validated emulator
 * tests (LocalStack snapshot tests) recorded:
 *
 * - Any `<...>` on one line is a placeholder; `<` and `>` cannot be escaped.
 * - A template starting with `{` or `[` is JSON, one starting with `"` is a JSON string; in both, a
 *   placeholder inside a string literal receives the value's raw text (strings unquoted and NOT
 *   escaped, exactly like AWS), and a placeholder in value position receives the value's JSON text
 *   (strings quoted, objects and arrays embedded).
 * - An object or array inside a JSON string literal is inserted without its quotes (AWS: "If a JSON
 *   path references a JSON object or array, but the variable is referenced in a string,
 *   EventBridge removes any internal quotes to ensure a valid string").
 * - Any other template is plain text and every placeholder receives raw text.
 * - A variable whose path matched nothing becomes the empty string: nothing inside a string, `""` in
 *   value position.
 * - JSON output that parses is minified.
 */

export enum TemplateKind {
  Json = 'Json',
  Quoted = 'Quoted',
  Text = 'Text',
}

export interface TemplatePlaceholder {
  readonly name: string;
  /** Offset of `<`. */
  readonly start: number;
  /** Offset just past `>`. */
  readonly end: number;
  /** Inside a JSON string literal, so it receives raw text rather than JSON text. */
  readonly inString: boolean;
  /** Used as (or inside) an object key, which AWS forbids. */
  readonly asKey: boolean;
}

export interface ScannedTemplate {
  readonly template: string;
  readonly kind: TemplateKind;
  readonly placeholders: readonly TemplatePlaceholder[];
}

/** A variable's value in the two forms a template can ask for. */
export interface TemplateValue {
  /** JSON text, for value positions. */
  readonly jsonText: string;
  /** Unquoted, unescaped text, for positions inside strings and plain-text templates. */
  readonly rawText: string;
  /** Text for a position inside a JSON string literal, when it differs from `rawText`. */
  readonly stringText?: string;
}

/** The value of a variable whose JSON path selected nothing. */
export const MISSING_VALUE: TemplateValue = { jsonText: '""', rawText: '' };

/** Classifies the template by its first non-blank character. */
export function templateKind(template: string): TemplateKind {
  const first = template.trimStart()[0];
  if (first === '{' || first === '[') return TemplateKind.Json;
  if (first === '"') return TemplateKind.Quoted;
  return TemplateKind.Text;
}

/** Finds every placeholder and whether it sits inside a string literal or in a key. */
export function scanTemplate(template: string): ScannedTemplate {
  const kind = templateKind(template);
  const tracksQuotes = kind !== TemplateKind.Text;
  const placeholders: TemplatePlaceholder[] = [];
  let inString = false;
  let stringPlaceholders: number[] = [];
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '<') {
      const close = placeholderEnd(template, i);
      if (close >= 0) {
        const inStr = tracksQuotes ? inString : true;
        const asKey = tracksQuotes && !inString && nextSignificant(template, close + 1) === ':';
        if (inString) stringPlaceholders.push(placeholders.length);
        placeholders.push({
          name: template.slice(i + 1, close),
          start: i,
          end: close + 1,
          inString: inStr,
          asKey,
        });
        i = close;
        continue;
      }
    }
    if (!tracksQuotes) continue;
    if (inString) {
      // A backslash escapes the next character, except a `<`, which always opens a placeholder.
      if (c === '\\' && template[i + 1] !== '<') i++;
      else if (c === '"') {
        inString = false;
        if (nextSignificant(template, i + 1) === ':') {
          for (const index of stringPlaceholders)
            placeholders[index] = { ...placeholders[index], asKey: true };
        }
      }
    } else if (c === '"') {
      inString = true;
      stringPlaceholders = [];
    }
  }
  return { template, kind, placeholders };
}

/** Index of the `>` closing a placeholder opened at `open`, or -1 (placeholders never span lines). */
function placeholderEnd(template: string, open: number): number {
  const close = template.indexOf('>', open + 1);
  if (close < 0) return -1;
  const newline = template.slice(open + 1, close).search(/[\n\r]/);
  return newline >= 0 ? -1 : close;
}

function nextSignificant(text: string, from: number): string | undefined {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return c;
  }
  return undefined;
}

/**
 * Substitutes placeholders. `valueOf` returns undefined for a variable with no value, which renders
 * as {@link MISSING_VALUE}.
 */
export function renderTemplate(
  scanned: ScannedTemplate,
  valueOf: (name: string) => TemplateValue | undefined,
): string {
  const { template, placeholders, kind } = scanned;
  let out = '';
  let pos = 0;
  for (const p of placeholders) {
    const value = valueOf(p.name) ?? MISSING_VALUE;
    const text =
      kind === TemplateKind.Text
        ? value.rawText
        : p.inString
          ? (value.stringText ?? value.rawText)
          : value.jsonText;
    out += template.slice(pos, p.start) + text;
    pos = p.end;
  }
  out += template.slice(pos);
  if (kind === TemplateKind.Text) return out;
  // AWS minifies JSON output; output made invalid by unescaped raw values is passed on untouched.
  return isJson(out) ? minifyJson(out) : out;
}

/**
 * The template with value placeholders replaced by `null` and in-string ones removed, for checking
 * that a JSON template is well formed before any event exists.
 */
export function templateSkeleton(scanned: ScannedTemplate): string {
  return renderTemplate(scanned, () => ({ jsonText: 'null', rawText: '' }));
}

/**
 * Valid JSON text without the quotes that delimit its strings, their escapes kept, so that it can
 * stand inside a JSON string literal: `{"a":"x\"y"}` → `{a:x\"y}`.
 */
export function withoutQuotes(jsonText: string): string {
  let out = '';
  for (let i = 0; i < jsonText.length; i++) {
    const c = jsonText[i];
    if (c === '\\') out += c + (jsonText[++i] ?? '');
    else if (c !== '"') out += c;
  }
  return out;
}

export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

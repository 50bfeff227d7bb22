import { JsonPathSyntaxError, parseJsonPath } from './json-path.js';
import {
  INPUT_LIMITS,
  type InputShaping,
  InputShapingError,
  type InputTransformer,
  isPredefinedVariable,
} from './input-shaping.js';
import { TemplateKind, scanTemplate, templateSkeleton } from './input-template.js';

const PATHS_MAP_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a target's input shaping the way PutTargets does, so a bad configuration is refused when
 * the target is saved rather than at delivery time. Throws {@link InputShapingError}.
 *
 * Stricter than AWS in one respect: AWS does not validate JSON paths when a target is saved ("There
 * is no validation when creating JSON path"), we reject paths outside the supported subset.
 */
export function validateInputShaping(config: InputShaping): void {
  if (typeof config !== 'object' || config === null)
    throw new InputShapingError('input shaping must be an object');
  const set = (['input', 'inputPath', 'inputTransformer'] as const).filter((k) => config[k] !== undefined);
  if (set.length > 1) {
    throw new InputShapingError(
      `only one of input, inputPath or inputTransformer may be set (got ${set.join(', ')})`,
    );
  }
  if (config.input !== undefined) validateInput(config.input);
  if (config.inputPath !== undefined)
    validatePath('inputPath', config.inputPath, INPUT_LIMITS.maxInputPathChars);
  if (config.inputTransformer !== undefined) validateTransformer(config.inputTransformer);
}

function validateInput(input: unknown): void {
  checkLength('input', input, INPUT_LIMITS.maxInputChars);
  try {
    JSON.parse(input as string);
  } catch (error) {
    throw new InputShapingError(`input must be valid JSON text: ${(error as Error).message}`);
  }
}

function validatePath(field: string, path: unknown, maxChars: number): void {
  checkLength(field, path, maxChars);
  try {
    parseJsonPath(path as string);
  } catch (error) {
    if (error instanceof JsonPathSyntaxError) throw new InputShapingError(`${field}: ${error.message}`);
    throw error;
  }
}

function validateTransformer(transformer: InputTransformer): void {
  if (typeof transformer !== 'object' || transformer === null) {
    throw new InputShapingError('inputTransformer must be an object');
  }
  const map = transformer.inputPathsMap ?? {};
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new InputShapingError('inputTransformer.inputPathsMap must be an object of name → JSON path');
  }
  const entries = Object.entries(map);
  if (entries.length > INPUT_LIMITS.maxPathsMapEntries) {
    throw new InputShapingError(
      `inputTransformer.inputPathsMap has ${entries.length} entries; at most ${INPUT_LIMITS.maxPathsMapEntries} are allowed`,
    );
  }
  for (const [key, path] of entries) {
    if (isPredefinedVariable(key)) {
      throw new InputShapingError(
        `inputPathsMap key "${key}" is a predefined variable and cannot be redefined`,
      );
    }
    if (key.length > INPUT_LIMITS.maxPathsMapKeyChars || !PATHS_MAP_KEY.test(key)) {
      throw new InputShapingError(
        `inputPathsMap key "${key}" must be 1-${INPUT_LIMITS.maxPathsMapKeyChars} characters of A-Z, a-z, 0-9, "_" or "-"`,
      );
    }
    validatePath(`inputPathsMap["${key}"]`, path, INPUT_LIMITS.maxPathsMapValueChars);
  }
  validateTemplate(transformer.inputTemplate, new Set(entries.map(([key]) => key)));
}

function validateTemplate(template: unknown, defined: ReadonlySet<string>): void {
  checkLength('inputTransformer.inputTemplate', template, INPUT_LIMITS.maxTemplateChars);
  const scanned = scanTemplate(template as string);
  for (const p of scanned.placeholders) {
    if (!defined.has(p.name) && !isPredefinedVariable(p.name)) {
      // AWS: "InputTemplate for target <id> contains invalid placeholder <name>."
      throw new InputShapingError(`inputTemplate contains invalid placeholder ${p.name}`);
    }
    if (p.asKey) throw new InputShapingError(`inputTemplate uses placeholder <${p.name}> as an object key`);
  }
  if (scanned.kind === TemplateKind.Text) return;
  try {
    JSON.parse(templateSkeleton(scanned));
  } catch (error) {
    const what = scanned.kind === TemplateKind.Json ? 'JSON' : 'a JSON string';
    throw new InputShapingError(`inputTemplate is not valid ${what}: ${(error as Error).message}`);
  }
}

function checkLength(field: string, value: unknown, maxChars: number): void {
  if (typeof value !== 'string') throw new InputShapingError(`${field} must be a string`);
  if (value.length === 0 || value.length > maxChars) {
    throw new InputShapingError(`${field} must be 1-${maxChars} characters (got ${value.length})`);
  }
}

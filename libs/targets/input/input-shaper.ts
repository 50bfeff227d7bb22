import { type JsonPath, parseJsonPath, selectNodes } from './json-path.js';
import { type JsonDocument, JsonSyntaxError, nodeJsonText, parseJsonDocument } from './json-source.js';
import {
  type InputShaping,
  InputShapingError,
  type InputTransformer,
  type PredefinedVariable,
  type ShapingContext,
  isPredefinedVariable,
} from './input-shaping.js';
import { type TemplateValue, renderTemplate, scanTemplate, withoutQuotes } from './input-template.js';
import { validateInputShaping } from './input-shaping.validator.js';

/**
 * The body to send to a target for one event.
 *
 * - no shaping: the event JSON exactly as stored;
 * - `input`: the constant text;
 * - `inputPath`: the selected JSON (a list for wildcard paths); an empty string when the path
 *   selects nothing, which AWS leaves undocumented;
 * - `inputTransformer`: the rendered template (see `input-template.ts` for the quoting rules).
 *
 * Throws {@link InputShapingError} for an invalid configuration or an event that is not JSON.
 */
export function shapeInput(config: InputShaping | undefined, ctx: ShapingContext): string {
  const unshaped =
    config?.input === undefined && config?.inputPath === undefined && config?.inputTransformer === undefined;
  if (!config || unshaped) return ctx.eventJson;
  validateInputShaping(config);
  if (config.input !== undefined) return config.input;
  const doc = parseEvent(ctx.eventJson);
  if (config.inputPath !== undefined)
    return selectValue(doc, parseJsonPath(config.inputPath))?.jsonText ?? '';
  return transform(config.inputTransformer as InputTransformer, doc, ctx);
}

function parseEvent(eventJson: string): JsonDocument {
  try {
    return parseJsonDocument(eventJson);
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new InputShapingError(`event is not valid JSON: ${error.message}`);
    throw error;
  }
}

/** The value a path selects, or undefined when it selects nothing (wildcards always yield a list). */
function selectValue(doc: JsonDocument, path: JsonPath): TemplateValue | undefined {
  const nodes = selectNodes(path, doc.root);
  if (path.indefinite) {
    const list = `[${nodes.map((node) => nodeJsonText(doc, node)).join(',')}]`;
    return { jsonText: list, rawText: list, stringText: withoutQuotes(list) };
  }
  const node = nodes[0];
  if (!node) return undefined;
  const jsonText = nodeJsonText(doc, node);
  if (node.kind === 'object' || node.kind === 'array')
    return { jsonText, rawText: jsonText, stringText: withoutQuotes(jsonText) };
  return { jsonText, rawText: node.kind === 'string' ? node.value : jsonText };
}

function transform(transformer: InputTransformer, doc: JsonDocument, ctx: ShapingContext): string {
  const paths = transformer.inputPathsMap ?? {};
  return renderTemplate(scanTemplate(transformer.inputTemplate), (name) => {
    if (isPredefinedVariable(name)) return predefinedValue(name, doc, ctx);
    const path = paths[name];
    return path === undefined ? undefined : selectValue(doc, parseJsonPath(path));
  });
}

function predefinedValue(name: PredefinedVariable, doc: JsonDocument, ctx: ShapingContext): TemplateValue {
  switch (name) {
    case 'aws.events.rule-arn':
      return stringValue(ctx.ruleArn);
    case 'aws.events.rule-name':
      return stringValue(ctx.ruleName);
    case 'aws.events.event.ingestion-time':
      // Second precision with Z, the format of the envelope's own `time`.
      return stringValue(ctx.ingestionTime.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    case 'aws.events.event.json':
      return { jsonText: ctx.eventJson, rawText: ctx.eventJson };
    case 'aws.events.event': {
      const text = eventWithoutDetail(doc);
      return { jsonText: text, rawText: text };
    }
  }
}

function stringValue(value: string): TemplateValue {
  return { jsonText: JSON.stringify(value), rawText: value };
}

/**
 * `<aws.events.event>` as AWS renders it (recorded against AWS in LocalStack's snapshot tests): the
 * envelope without `detail`, with `detail-type` spelled `detailType`. `<aws.events.event.json>` is the
 * one that carries the whole event.
 */
function eventWithoutDetail(doc: JsonDocument): string {
  if (doc.root.kind !== 'object') return nodeJsonText(doc, doc.root);
  const members = doc.root.entries
    .filter(([key]) => key !== 'detail')
    .map(
      ([key, value]) =>
        `${JSON.stringify(key === 'detail-type' ? 'detailType' : key)}:${nodeJsonText(doc, value)}`,
    );
  return `{${members.join(',')}}`;
}

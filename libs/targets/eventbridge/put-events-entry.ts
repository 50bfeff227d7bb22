import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type JsonDocument, nodeJsonText, objectMember, parseJsonDocument } from '../input/json-source.js';

/** Raised for an envelope that cannot become a PutEvents entry. */
export class InvalidEnvelopeError extends Error {
  override readonly name = 'InvalidEnvelopeError';
}

/**
 * Builds the PutEvents entry for an event envelope: `source` → Source, `detail-type` → DetailType,
 * `detail` → Detail (its source text, so numbers keep their exact spelling), `resources`, `time`,
 * and the bus ARN as EventBusName. A `time` that does not parse is left out, so AWS stamps the
 * call time.
 */
export function putEventsEntryFromEnvelope(
  envelopeJson: string,
  eventBusArn: string,
  sourceOverride?: string,
): PutEventsRequestEntry {
  let doc: JsonDocument;
  try {
    doc = parseJsonDocument(envelopeJson);
  } catch (error) {
    throw new InvalidEnvelopeError(`event is not valid JSON: ${(error as Error).message}`);
  }
  const field = (name: string) => objectMember(doc.root, name);
  const string = (name: string): string | undefined => {
    const node = field(name);
    return node?.kind === 'string' ? node.value : undefined;
  };
  const source = sourceOverride ?? string('source');
  const detailType = string('detail-type');
  if (!source || !detailType) throw new InvalidEnvelopeError('event needs string "source" and "detail-type"');
  const detail = field('detail');
  const resources = field('resources');
  const time = string('time');
  const parsedTime = time === undefined ? Number.NaN : Date.parse(time);
  return {
    Source: source,
    DetailType: detailType,
    Detail: detail ? nodeJsonText(doc, detail) : '{}',
    Resources:
      resources?.kind === 'array'
        ? resources.items.flatMap((item) => (item.kind === 'string' ? [item.value] : []))
        : [],
    ...(Number.isNaN(parsedTime) ? {} : { Time: new Date(parsedTime) }),
    EventBusName: eventBusArn,
  };
}

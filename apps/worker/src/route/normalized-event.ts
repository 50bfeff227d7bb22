import { buildEnvelope } from '#libs/domain';
import { getProvider, type VerificationScheme } from '#libs/providers';
import type { LoadedEvent } from './route-store.js';

/** An event in its EventBridge shape: the envelope, and what is stored beside it. */
export interface NormalizedEvent {
  envelope: string;
  detailType: string | null;
  eventTime: Date | null;
}

/**
 * The event as routing matches it: the envelope it came with (API and bus events), or the one its
 * source's scheme makes of the webhook (a time that is not a time becomes the receipt time).
 */
export function normalizedEvent(
  event: LoadedEvent['event'],
  source: { scheme: VerificationScheme; options: Record<string, unknown> } | undefined,
  region: string,
): NormalizedEvent {
  if (event.envelope !== null)
    return { envelope: event.envelope, detailType: event.detailType, eventTime: event.eventTime };
  if (!source) throw new Error(`event ${event.id} has neither an envelope nor a source to normalize it`);
  const normalized = getProvider(source.scheme).normalize(
    { rawBody: event.rawBody, headers: event.headers, url: '', receivedAt: event.receivedAt },
    source.options,
  );
  const eventTime =
    normalized.time && !Number.isNaN(normalized.time.getTime()) ? normalized.time : event.receivedAt;
  const envelope = buildEnvelope(
    { id: event.id, source: event.sourceName, account: event.accountId, region, time: eventTime },
    normalized,
  );
  return { envelope, detailType: normalized.detailType, eventTime };
}

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { metrics } from '#libs/observability';
import {
  bodyHashDedupKey,
  getProvider,
  type VerificationSettings,
  type WebhookRequest,
} from '#libs/providers';
import { newEventId, uuidv7Time } from '#libs/security';
import { EventWriter } from '#libs/domain';
import { QueueProducer } from '#libs/queue';
import { SourceCache } from './source-cache.js';
import { IngestRateLimits } from './ingest-rate-limits.js';
import { toErrorResponse } from '../common/error-body.js';

/** The answer to a webhook, in the gateway's JSON shape (or a provider-required body). */
export interface IngestAnswer {
  status: number;
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

// Credentials never go into the stored headers.
const DROPPED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

/** A route backlog takes longer to drain than a commit backlog: the sender waits longer. */
const ROUTE_BACKLOG_RETRY_AFTER_S = 5;

const fail = (status: number, code: string, message: string): IngestAnswer => ({
  status,
  body: { error: { code, message } },
});

/** 429 `TooManyRequests`: `why`, and when to come back. */
const tooMany = (why: string, retryAfterS: number): IngestAnswer => ({
  ...fail(429, 'TooManyRequests', `${why}; retry after the Retry-After delay.`),
  headers: { 'retry-after': String(retryAfterS) },
});

/**
 * Verifies a webhook against its source and commits it. 202 is answered only once the event row is
 * committed; a duplicate (same provider delivery id, or same body without one) answers 200 with the
 * original event id and is not routed again.
 */
@Injectable()
export class IngestService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sources: SourceCache,
    private readonly writer: EventWriter,
    private readonly limits: IngestRateLimits,
    private readonly producer: QueueProducer,
  ) {}

  async ingest(
    ingestId: string,
    rawBody: Buffer,
    headers: Record<string, string | string[] | undefined>,
    path: string,
  ): Promise<IngestAnswer> {
    const started = performance.now();
    let outcome = 'answered';
    try {
      const answer = await this.handle(ingestId, rawBody, headers, path);
      const body = answer.body as { error?: { code: string }; duplicate?: boolean };
      outcome =
        body.error?.code ?? (body.duplicate ? 'duplicate' : answer.status === 202 ? 'accepted' : 'answered');
      return answer;
    } catch (err) {
      // Counted under the code the partner is answered (ServiceUnavailable in an outage), so an
      // outage shows in the counters rather than as a gap.
      outcome = toErrorResponse(err).body.error.code;
      throw err;
    } finally {
      metrics.ingestRequests.inc({ outcome });
      metrics.ingestDuration.observe((performance.now() - started) / 1000);
    }
  }

  /**
   * 429 with Retry-After while the commit path is saturated (see EventWriter.overloaded), or while
   * more route jobs wait than HOOKBRIDGE_INGEST_MAX_ROUTE_WAITING allows (when set).
   */
  private shed(): IngestAnswer | undefined {
    if (this.writer.overloaded(this.config.ingestMaxBacklog, this.config.ingestMaxCommitMs))
      return tooMany('The gateway is overloaded', 1);
    const maxWaiting = this.config.ingestMaxRouteWaiting;
    if (maxWaiting > 0 && this.producer.routeJobsWaiting() >= maxWaiting)
      return tooMany('The gateway has too many events waiting to be routed', ROUTE_BACKLOG_RETRY_AFTER_S);
    return undefined;
  }

  private async handle(
    ingestId: string,
    rawBody: Buffer,
    rawHeaders: Record<string, string | string[] | undefined>,
    path: string,
  ): Promise<IngestAnswer> {
    const shed = this.shed();
    if (shed) return shed;
    const source = await this.sources.get(ingestId);
    if (!source || source.state === 'DELETED')
      return fail(404, 'ResourceNotFoundException', 'No event source exists at this URL.');
    // Before verification, so a flood costs one counter increment, not an HMAC.
    const retryAfter = await this.limits.check(source.id, source.partner);
    if (retryAfter !== undefined) return tooMany('This source is over its ingest rate limit', retryAfter);

    const headers = flattenHeaders(rawHeaders);
    const id = newEventId();
    const receivedAt = uuidv7Time(id);
    const request: WebhookRequest = { rawBody, headers, url: `${this.config.publicUrl}${path}`, receivedAt };
    const provider = getProvider(source.settings.scheme);
    const verdict = provider.verify(request, source.settings);
    if (!verdict.ok) return fail(verdict.status, verdict.code, verdict.message);

    const immediate = provider.immediateResponse?.(request);
    if (immediate)
      return { status: immediate.status, body: immediate.body, contentType: immediate.contentType };

    const dedupKey = provider.dedupKey(request, source.settings.options) ?? bodyHashDedupKey(rawBody);
    const stored = Object.fromEntries(
      Object.entries(headers).filter(([k]) => !DROPPED_HEADERS.has(k) && k !== apiKeyHeader(source.settings)),
    );
    const result = await this.writer.write({
      id,
      receivedAt,
      accountId: source.accountId,
      sourceId: source.id,
      sourceName: source.name,
      busName: null,
      dedupKey,
      rawBody,
      headers: stored as Record<string, string>,
      detailType: null,
      eventTime: null,
      envelope: null,
      // The route job carries the event and how to normalize it; a PENDING source's events are held,
      // which routing decides from the rows.
      ...(source.state === 'ACTIVE'
        ? { routing: { scheme: source.settings.scheme, options: source.settings.options } }
        : {}),
    });
    return result.duplicate
      ? { status: 200, body: { eventId: result.eventId, duplicate: true } }
      : { status: 202, body: { eventId: result.eventId } };
  }
}

/** Node gives repeated headers as arrays; providers expect one string joined with ", ". */
function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** The api-key scheme names its own credential header; it is dropped like Authorization. */
function apiKeyHeader(settings: VerificationSettings): string | undefined {
  if (settings.scheme !== 'api-key') return undefined;
  return typeof settings.options.header === 'string' ? settings.options.header.toLowerCase() : 'x-api-key';
}

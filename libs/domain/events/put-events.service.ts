import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { detailNestsTooDeep, MAX_DETAIL_DEPTH } from '#libs/providers';
import { newEventId, uuidv7Time } from '#libs/security';
import { Arns } from '../common/arns.js';
import { type PartnerPrincipal } from '../common/index.js';
import { BusesRepository } from '../buses/buses.repository.js';
import { SourcesRepository } from '../sources/sources.repository.js';
import { buildEnvelope } from './envelope.js';
import { EventWriter } from './event-writer.js';

/** One entry of PutEvents / PutPartnerEvents. `detail` is JSON text (or an object, serialised). */
export interface PutEventEntry {
  source?: string;
  detailType?: string;
  detail?: string | Record<string, unknown>;
  eventBusName?: string;
  time?: string | number;
  resources?: string[];
}

export type PutEntryResult = { eventId: string } | { errorCode: string; errorMessage: string };

export interface PutEventsResult {
  failedEntryCount: number;
  entries: PutEntryResult[];
}

/** AWS raised the entry size limit to 1 MB in January 2026 (computed by its published formula). */
export const MAX_ENTRY_BYTES = 1024 * 1024;

const fail = (errorCode: string, errorMessage: string): PutEntryResult => ({ errorCode, errorMessage });

/**
 * PutEvents (an account puts custom events on its buses) and PutPartnerEvents (a partner puts
 * events on its sources). Entries fail individually with AWS's per-entry codes; results are
 * index-aligned with the request, as in AWS.
 */
@Injectable()
export class PutEventsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly buses: BusesRepository,
    private readonly sources: SourcesRepository,
    private readonly writer: EventWriter,
    private readonly arns: Arns,
  ) {}

  async putEvents(accountId: string, entries: readonly PutEventEntry[]): Promise<PutEventsResult> {
    return this.collect(
      entries.map(async (e): Promise<PutEntryResult> => {
        const problem = this.entryProblem(e);
        if (problem) return problem;
        if (e.source?.startsWith('aws.'))
          return fail(
            'NotAuthorizedForSourceException',
            `Source '${e.source}' is reserved: custom events may not use a source starting with 'aws.'.`,
          );
        const busName = this.arns.busNameOf(accountId, e.eventBusName ?? 'default');
        const bus = busName === undefined ? undefined : await this.buses.find(accountId, busName);
        if (busName === undefined || !bus || bus.state !== 'ACTIVE')
          return fail('ResourceNotFoundException', `Event bus ${busName ?? e.eventBusName} does not exist.`);
        return this.write(accountId, null, e, busName);
      }),
    );
  }

  async putPartnerEvents(
    partner: PartnerPrincipal,
    entries: readonly PutEventEntry[],
  ): Promise<PutEventsResult> {
    return this.collect(
      entries.map(async (e): Promise<PutEntryResult> => {
        const problem = this.entryProblem(e);
        if (problem) return problem;
        const source = await this.sources.findLive(e.source ?? '');
        if (!source || source.partnerName !== partner.partner) {
          return fail(
            'NotAuthorizedForSourceException',
            `Event source ${e.source} does not exist or is not yours.`,
          );
        }
        // Routed like a webhook of the source: held while PENDING, then delivered to the partner bus.
        return this.write(source.accountId, source.id, e, null);
      }),
    );
  }

  private async collect(results: Array<Promise<PutEntryResult>>): Promise<PutEventsResult> {
    const entries = await Promise.all(results);
    return { failedEntryCount: entries.filter((r) => 'errorCode' in r).length, entries };
  }

  private entryProblem(e: PutEventEntry): PutEntryResult | undefined {
    if (!e.source || !e.detailType || e.detail === undefined)
      return fail('InvalidArgument', 'Source, DetailType and Detail are required.');
    if (e.detailType.length > 128)
      return fail('InvalidArgument', 'DetailType must be at most 128 characters.');
    const detail = detailText(e.detail);
    if (detail === undefined) return fail('MalformedDetail', 'Detail must be a JSON object.');
    // Stored, it could never route: the matcher reads no deeper than MAX_EVENT_DEPTH, envelope included.
    if (detailNestsTooDeep(detail))
      return fail('MalformedDetail', `Detail must not nest deeper than ${MAX_DETAIL_DEPTH} levels.`);
    if (entrySize(e, detail) > MAX_ENTRY_BYTES)
      return fail('InvalidArgument', `The entry is larger than ${MAX_ENTRY_BYTES} bytes.`);
    if (e.time !== undefined && Number.isNaN(timeOf(e.time).getTime()))
      return fail('InvalidArgument', 'Time must be RFC 3339 or epoch seconds.');
    return undefined;
  }

  private async write(
    accountId: string,
    sourceId: string | null,
    e: PutEventEntry,
    busName: string | null,
  ): Promise<PutEntryResult> {
    const id = newEventId();
    const receivedAt = uuidv7Time(id);
    const detail = detailText(e.detail ?? {}) ?? '{}';
    const time = e.time === undefined ? receivedAt : timeOf(e.time);
    const envelope = buildEnvelope(
      { id, source: e.source ?? '', account: accountId, region: this.config.region, time },
      { detailType: e.detailType ?? '', resources: e.resources ?? [], detailJson: detail },
    );
    await this.writer.write({
      id,
      receivedAt,
      accountId,
      sourceId,
      sourceName: e.source ?? '',
      busName,
      dedupKey: null,
      rawBody: Buffer.from(detail),
      headers: {},
      detailType: e.detailType ?? null,
      eventTime: time,
      envelope,
    });
    return { eventId: id };
  }
}

/** `EventBusName` may be a name or an ARN. */

/** The detail as JSON text if it is a JSON object, else undefined. */
function detailText(detail: string | Record<string, unknown>): string | undefined {
  if (typeof detail !== 'string') return JSON.stringify(detail);
  try {
    const v: unknown = JSON.parse(detail);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? detail : undefined;
  } catch {
    return undefined;
  }
}

function timeOf(t: string | number): Date {
  return typeof t === 'number' ? new Date(t * 1000) : new Date(t);
}

/** AWS's published entry-size formula: Time 14 bytes, Source, DetailType, Detail and Resources as UTF-8. */
function entrySize(e: PutEventEntry, detail: string): number {
  const b = (s: string) => Buffer.byteLength(s, 'utf8');
  return (
    (e.time !== undefined ? 14 : 0) +
    b(e.source ?? '') +
    b(e.detailType ?? '') +
    b(detail) +
    (e.resources ?? []).reduce((n, r) => n + b(r), 0)
  );
}

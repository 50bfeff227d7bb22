import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  Arns,
  type ArchiveView,
  ArchivesService,
  DomainError,
  invalid,
  notFound,
  type ReplayView,
  ReplaysService,
} from '#libs/domain';
import { AwsError } from '../aws-error.js';
import {
  accountOperation,
  compact,
  epochSeconds,
  name,
  type OperationTable,
  operationPage,
  pageInput,
} from '../operation.js';
import { busNameOf } from './bus-name.js';

const arn = z.string().min(1).max(1600);
/** JSON 1.1 timestamps: epoch seconds (the SDK sends a Date so). */
const timestamp = z.number().refine((n) => Number.isFinite(n), 'must be epoch seconds');
const ARCHIVE_STATES = [
  'ENABLED',
  'DISABLED',
  'CREATING',
  'UPDATING',
  'CREATE_FAILED',
  'UPDATE_FAILED',
] as const;
const REPLAY_STATES = ['STARTING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED'] as const;

/** Archives and replays of the calling account, served by the same services as REST. */
@Injectable()
export class ArchiveOperations {
  constructor(
    private readonly archives: ArchivesService,
    private readonly replays: ReplaysService,
    private readonly arns: Arns,
  ) {}

  /** The bus an `EventSourceArn`/`Destination.Arn` names: an event bus ARN of this account. */
  private busOf(accountId: string, busArn: string): string {
    if (!busArn.startsWith('arn:')) throw invalid(`'${busArn}' is not an event bus ARN.`);
    return busNameOf(this.arns, accountId, busArn);
  }

  /** The archive an archive ARN names; another account's is missing. */
  private archiveOf(accountId: string, archiveArn: string): string {
    const m = /^archive\/(.+)$/.exec(this.arns.resourceOf(accountId, archiveArn) ?? '');
    if (!m?.[1]) throw notFound(`Archive ${archiveArn}`);
    return m[1];
  }

  /**
   * The name of the `kind` resource (`event-bus`, `archive`) an ARN of this account names, as a list
   * filter takes it; null for any other ARN, which names nothing the account has.
   */
  private resourceOf(accountId: string, arn: string, kind: 'event-bus' | 'archive'): string | null {
    const resource = this.arns.resourceOf(accountId, arn);
    return resource?.startsWith(`${kind}/`) ? resource.slice(kind.length + 1) : null;
  }

  /** The rule a `FilterArns` entry names, which must be a rule of the destination bus. */
  private ruleOf(accountId: string, bus: string, ruleArn: string): string {
    // Bus names may hold `/` (custom and partner buses); rule names never do.
    const m = /^rule\/(?:(.+)\/)?([^/]+)$/.exec(this.arns.resourceOf(accountId, ruleArn) ?? '');
    if (!m?.[2]) throw notFound(`Rule ${ruleArn}`);
    if ((m[1] ?? 'default') !== bus)
      throw invalid(`Rule ${ruleArn} is not a rule of the destination bus ${bus}.`);
    return m[2];
  }

  readonly table: OperationTable = {
    CreateArchive: accountOperation(
      z.object({
        ArchiveName: name(48),
        EventSourceArn: arn,
        Description: z.string().max(512).optional(),
        EventPattern: z.string().min(1).max(4096).optional(),
        RetentionDays: z.number().int().min(0).optional(),
      }),
      async (accountId, i) => {
        const created = await this.archives.create(accountId, {
          name: i.ArchiveName,
          eventSourceBus: this.busOf(accountId, i.EventSourceArn),
          eventPattern: i.EventPattern,
          retentionDays: i.RetentionDays,
          description: i.Description,
        });
        const a = await this.archives.get(accountId, created.name);
        return { ArchiveArn: created.arn, State: created.state, CreationTime: epochSeconds(a.createdAt) };
      },
    ),

    DescribeArchive: accountOperation(z.object({ ArchiveName: name(48) }), async (accountId, i) => {
      const a = await this.archives.get(accountId, i.ArchiveName);
      return compact({
        ArchiveArn: a.arn,
        ...archive(a),
        Description: a.description,
        EventPattern: a.eventPattern,
      });
    }),

    UpdateArchive: accountOperation(
      z.object({
        ArchiveName: name(48),
        Description: z.string().max(512).optional(),
        EventPattern: z.string().min(1).max(4096).optional(),
        RetentionDays: z.number().int().min(0).optional(),
      }),
      async (accountId, i) => {
        const u = await this.archives.update(accountId, i.ArchiveName, {
          description: i.Description,
          eventPattern: i.EventPattern,
          retentionDays: i.RetentionDays,
        });
        return { ArchiveArn: u.arn, State: u.state, CreationTime: epochSeconds(u.createdAt) };
      },
    ),

    DeleteArchive: accountOperation(z.object({ ArchiveName: name(48) }), async (accountId, i) =>
      this.archives.delete(accountId, i.ArchiveName),
    ),

    ListArchives: accountOperation(
      z.object({
        NamePrefix: name(48).optional(),
        EventSourceArn: arn.optional(),
        State: z.enum(ARCHIVE_STATES).optional(),
        ...pageInput,
      }),
      async (accountId, i) => {
        const filters = { NamePrefix: i.NamePrefix, EventSourceArn: i.EventSourceArn, State: i.State };
        // An EventSourceArn that is not an event bus ARN of this account is no archive's.
        const bus =
          i.EventSourceArn === undefined
            ? undefined
            : this.resourceOf(accountId, i.EventSourceArn, 'event-bus');
        const page = await operationPage({ operation: 'ListArchives', owner: accountId, filters }, i, (p) =>
          bus === null
            ? Promise.resolve({ items: [] })
            : this.archives.list(accountId, p, { namePrefix: i.NamePrefix, bus, state: i.State }),
        );
        return compact({ Archives: page.items.map((a) => compact(archive(a))), NextToken: page.nextToken });
      },
    ),

    StartReplay: accountOperation(
      z.object({
        ReplayName: name(64),
        Description: z.string().max(512).optional(),
        EventSourceArn: arn,
        EventStartTime: timestamp,
        EventEndTime: timestamp,
        Destination: z.object({ Arn: arn, FilterArns: z.array(arn).max(100).optional() }),
      }),
      async (accountId, i) => {
        const bus = this.busOf(accountId, i.Destination.Arn);
        const filterRules = i.Destination.FilterArns?.map((r) => this.ruleOf(accountId, bus, r));
        const started = await this.replays.start(accountId, {
          name: i.ReplayName,
          description: i.Description,
          archive: this.archiveOf(accountId, i.EventSourceArn),
          eventStartTime: new Date(i.EventStartTime * 1000),
          eventEndTime: new Date(i.EventEndTime * 1000),
          destination: { bus, ...(filterRules?.length ? { filterRules } : {}) },
        });
        const r = await this.replays.get(accountId, started.name);
        return compact({
          ReplayArn: started.arn,
          State: started.state,
          StateReason: r.stateReason,
          ReplayStartTime: epochSeconds(r.replayStartTime ?? r.createdAt),
        });
      },
    ),

    DescribeReplay: accountOperation(z.object({ ReplayName: name(64) }), async (accountId, i) => {
      const r = await this.replays.get(accountId, i.ReplayName);
      const rules = r.destination.filterRules ?? (r.destination.rule ? [r.destination.rule] : []);
      return compact({
        ReplayArn: r.arn,
        ...replay(r),
        Description: r.description,
        Destination: compact({
          Arn: this.arns.eventBus(accountId, r.destination.bus),
          FilterArns: rules.length
            ? rules.map((rule) => this.arns.rule(accountId, r.destination.bus, rule))
            : undefined,
        }),
      });
    }),

    ListReplays: accountOperation(
      z.object({
        NamePrefix: name(64).optional(),
        State: z.enum(REPLAY_STATES).optional(),
        EventSourceArn: arn.optional(),
        ...pageInput,
      }),
      async (accountId, i) => {
        const filters = { NamePrefix: i.NamePrefix, State: i.State, EventSourceArn: i.EventSourceArn };
        // An EventSourceArn that is not an archive ARN of this account is no replay's.
        const archive =
          i.EventSourceArn === undefined
            ? undefined
            : this.resourceOf(accountId, i.EventSourceArn, 'archive');
        const page = await operationPage({ operation: 'ListReplays', owner: accountId, filters }, i, (p) =>
          archive === null
            ? Promise.resolve({ items: [] })
            : this.replays.listPage(accountId, { state: i.State, namePrefix: i.NamePrefix, archive }, p),
        );
        return compact({ Replays: page.items.map((r) => compact(replay(r))), NextToken: page.nextToken });
      },
    ),

    CancelReplay: accountOperation(z.object({ ReplayName: name(64) }), async (accountId, i) => {
      try {
        const c = await this.replays.cancel(accountId, i.ReplayName);
        return { ReplayArn: c.arn, State: c.state };
      } catch (err) {
        // AWS answers a replay that can no longer be cancelled with IllegalStatusException.
        if (err instanceof DomainError && err.code === 'InvalidStateException')
          throw new AwsError('IllegalStatusException', err.message);
        throw err;
      }
    }),
  };
}

/** The members of an archive that ListArchives and DescribeArchive share. */
function archive(a: ArchiveView) {
  return {
    ArchiveName: a.name,
    EventSourceArn: a.eventSourceArn,
    State: a.state,
    RetentionDays: a.retentionDays,
    SizeBytes: a.sizeBytes,
    EventCount: a.eventCount,
    CreationTime: epochSeconds(a.createdAt),
  };
}

/** The members of a replay that ListReplays and DescribeReplay share. */
function replay(r: ReplayView) {
  return {
    ReplayName: r.name,
    EventSourceArn: r.archiveArn,
    State: r.state,
    StateReason: r.stateReason,
    EventStartTime: epochSeconds(r.eventStartTime),
    EventEndTime: epochSeconds(r.eventEndTime),
    EventLastReplayedTime: epochSeconds(r.eventLastReplayedTime),
    ReplayStartTime: epochSeconds(r.replayStartTime),
    ReplayEndTime: epochSeconds(r.replayEndTime),
  };
}

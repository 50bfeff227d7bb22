import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { SourcesRepository } from '#libs/domain';
import type { VerificationScheme, VerificationSettings } from '#libs/providers';
import { InvalidationService } from '#libs/queue';
import { SecretBox } from '#libs/security';

/** What ingest needs to know about a source, secrets decrypted. */
export interface IngestSource {
  id: string;
  name: string;
  partner: string;
  accountId: string;
  state: 'PENDING' | 'ACTIVE' | 'DELETED';
  settings: VerificationSettings;
}

const POSITIVE_TTL_MS = 60_000;
// Unknown ids are cached briefly so a flood of random ids cannot turn into a flood of queries.
const NEGATIVE_TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;

/**
 * Sources by ingest id, cached per process. Changes are published on the `source` invalidation
 * topic, so the TTL only bounds staleness if a pub/sub message is missed.
 *
 * Requests that miss the cache together share one load: when a busy source's entry is cold (after a
 * start) or expires (every minute), the webhooks arriving meanwhile would otherwise each send their
 * own two queries, and each hold a pooled connection to do it — opening up to the pool's size of
 * new PostgreSQL connections, which then sit idle until the pool closes them.
 */
@Injectable()
export class SourceCache {
  private readonly entries = new Map<string, { value: IngestSource | undefined; expires: number }>();
  /** Loads under way, by ingest id; dropped when the source changes, so later callers load anew. */
  private readonly loading = new Map<string, Promise<IngestSource | undefined>>();
  private readonly box: SecretBox;
  /** Bumped on every invalidation; see get(). */
  private version = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sources: SourcesRepository,
    invalidation: InvalidationService,
  ) {
    this.box = new SecretBox(config.secretKey);
    invalidation.on('source', (ingestId) => {
      this.version++;
      this.entries.delete(ingestId);
      this.loading.delete(ingestId);
    });
  }

  get(ingestId: string): Promise<IngestSource | undefined> {
    const hit = this.entries.get(ingestId);
    if (hit && hit.expires > Date.now()) return Promise.resolve(hit.value);
    const pending = this.loading.get(ingestId);
    if (pending) return pending;
    // A change published while this load runs must win: if the version moved, do not cache what
    // may be the old row (a retired secret would otherwise keep verifying until the TTL).
    const version = this.version;
    const load = this.load(ingestId).then(
      (value) => {
        if (this.loading.get(ingestId) === load) this.loading.delete(ingestId);
        if (version !== this.version) return value;
        if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
        this.entries.set(ingestId, {
          value,
          expires: Date.now() + (value ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS),
        });
        return value;
      },
      (error: unknown) => {
        // A failed load is not shared with later callers: the next one tries again.
        if (this.loading.get(ingestId) === load) this.loading.delete(ingestId);
        throw error;
      },
    );
    this.loading.set(ingestId, load);
    return load;
  }

  private async load(ingestId: string): Promise<IngestSource | undefined> {
    // Ingest ids are 32 base64url characters; anything else cannot exist.
    if (!/^[A-Za-z0-9_-]{32}$/.test(ingestId)) return undefined;
    const row = await this.sources.findByIngestId(ingestId);
    if (!row) return undefined;
    const secrets = await this.sources.activeSecrets([row.id]);
    return {
      id: row.id,
      name: row.name,
      partner: row.partnerName,
      accountId: row.accountId,
      state: row.state,
      settings: {
        scheme: row.scheme as VerificationScheme,
        secrets: secrets.map((s) => this.box.open(s.secretEnc)),
        options: row.options,
      },
    };
  }
}

import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DeliveryOutcome } from '../delivery-outcome.js';
import { type AwsFailure, classifyResultEntry, classifySdkError } from './aws-errors.js';
import {
  type EventBridgeTargetConfig,
  regionOfBusArn,
  validateEventBridgeTarget,
} from './eventbridge-target.js';
import { InvalidEnvelopeError, putEventsEntryFromEnvelope } from './put-events-entry.js';
import { SdkClientCache } from './sdk-client.cache.js';
import { SsrfGuard } from '../http/ssrf-guard.js';

export interface EventBridgeTargetClientOptions {
  /** Covers credential resolution, connect and response; default 5 000 ms. */
  readonly timeoutMs?: number;
  /** CIDR blocks a custom endpoint may reach though they are private or loopback. Default none. */
  readonly allowedCidrs?: readonly string[];
}

/**
 * Delivers events to EventBridge buses with one-entry PutEvents calls. Per-entry failures count
 * like request failures: `ThrottlingException` and `InternalFailure` are retryable, every other
 * code is not. `deliver` never throws.
 */
export class EventBridgeTargetClient {
  private readonly timeoutMs: number;
  private readonly clients: SdkClientCache;
  private readonly guard: SsrfGuard;

  constructor(options: EventBridgeTargetClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.guard = new SsrfGuard(options.allowedCidrs);
    this.clients = new SdkClientCache(this.timeoutMs, this.guard);
  }

  /** Publishes `envelopeJson` (the stored event envelope) to the target bus. */
  async deliver(target: EventBridgeTargetConfig, envelopeJson: string): Promise<DeliveryOutcome> {
    const started = performance.now();
    const fail = (failure: AwsFailure): DeliveryOutcome => ({
      ok: false,
      ...failure,
      durationMs: Math.round(performance.now() - started),
    });
    let entry: PutEventsRequestEntry;
    try {
      validateEventBridgeTarget(target);
      entry = putEventsEntryFromEnvelope(envelopeJson, target.eventBusArn, target.sourceOverride);
    } catch (error) {
      const errorCode = error instanceof InvalidEnvelopeError ? 'INVALID_EVENT' : 'INVALID_TARGET';
      return fail({ errorCode, errorMessage: (error as Error).message, retryable: false });
    }
    // Node skips `lookup` for a literal address, so the guard on the sockets never sees one.
    const blocked = target.endpoint ? this.literalAddressRefused(target.endpoint) : undefined;
    if (blocked) return fail({ errorCode: 'SSRF_BLOCKED', errorMessage: blocked, retryable: false });
    try {
      const client = this.clients.get({
        region: target.region ?? regionOfBusArn(target.eventBusArn),
        endpoint: target.endpoint,
        credentials: target.credentials,
      });
      const response = await client.send(new PutEventsCommand({ Entries: [entry] }), {
        abortSignal: AbortSignal.timeout(this.timeoutMs),
      });
      const statusCode = response.$metadata.httpStatusCode ?? 200;
      const failure = classifyResultEntry(response.Entries?.[0]);
      if (failure) return fail({ ...failure, statusCode });
      return { ok: true, statusCode, durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      return fail(classifySdkError(error));
    }
  }

  private literalAddressRefused(endpoint: string): string | undefined {
    const { hostname } = new URL(endpoint);
    const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    if (!isIP(host)) return undefined;
    const verdict = this.guard.check(host);
    return verdict.allowed ? undefined : `EventBridge endpoint refused: ${verdict.reason}`;
  }

  /** Number of SDK clients held (one per region, endpoint and credentials). */
  get sdkClientCount(): number {
    return this.clients.size;
  }

  /** Destroys the cached SDK clients; call on shutdown. */
  close(): void {
    this.clients.clear();
  }
}

import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { BusesRepository, EventWriter, type TargetInput, type TargetSecrets } from '#libs/domain';
import { metrics } from '#libs/observability';
import { newEventId, uuidv7Time } from '#libs/security';
import {
  type DeliveryOutcome,
  EventBridgeTargetClient,
  type HttpConnection,
  HttpTargetClient,
  type HttpTargetConfig,
} from '#libs/targets';

export interface SendRequest {
  deliveryId: string;
  /** The id of the event row being delivered. */
  eventId: string;
  /** The target's row and the replay ('' for live traffic): with the event, the delivery's identity. */
  targetPk: string;
  replayName: string;
  accountId: string;
  target: TargetInput;
  secrets: TargetSecrets;
  /** The shaped input (the envelope itself when the target has no input shaping). */
  body: string;
  /** The event envelope as stored. */
  envelope: string;
}

const failure = (errorCode: string, errorMessage: string, retryable = false): DeliveryOutcome => ({
  ok: false,
  retryable,
  errorCode,
  errorMessage,
  durationMs: 0,
});

/**
 * Maps a stored target onto its client: HTTP endpoint, AWS EventBridge bus, or another Hookbridge bus.
 * Their keep-alive connections are closed at shutdown, after the first attempts have drained
 * (FirstAttempts waits for them before any shutdown hook of this kind runs).
 */
@Injectable()
export class TargetClients implements OnApplicationShutdown {
  private readonly http: HttpTargetClient;
  private readonly eventbridge: EventBridgeTargetClient;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly buses: BusesRepository,
    private readonly writer: EventWriter,
  ) {
    this.http = new HttpTargetClient({
      allowedCidrs: config.targetAllowlist,
      allowPlainHttp: true,
      keepAliveMs: config.targetKeepAliveMs,
      onResend: () => metrics.targetRequestsResent.inc(),
    });
    this.eventbridge = new EventBridgeTargetClient({
      timeoutMs: config.deliveryTimeoutMs,
      allowedCidrs: config.targetAllowlist,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.eventbridge.close();
    await this.http.close();
  }

  async send(req: SendRequest): Promise<DeliveryOutcome> {
    const t = req.target;
    if (t.type === 'http' && t.http)
      return this.http.deliver(this.httpConfig(req), { deliveryId: req.deliveryId, body: req.body });
    if (t.type === 'eventbridge' && t.eventbridge) return this.sendEventBridge(req);
    if (t.type === 'bus' && t.bus) return this.sendToBus(req, t.bus.name);
    return failure('InvalidTarget', `Target ${t.id} of type ${t.type} has no settings for that type.`);
  }

  private httpConfig(req: SendRequest): HttpTargetConfig {
    const http = req.target.http as NonNullable<TargetInput['http']>;
    const auth = req.secrets.httpAuth;
    const secret = req.secrets.httpParameters;
    const connection: HttpConnection | undefined = auth
      ? {
          // An OAuth token is cached under this id and a digest of the grant's settings: targets of
          // one account with the same credentials (the targets of one connection) share a token.
          id: req.accountId,
          auth:
            auth.type === 'api-key'
              ? { type: 'api-key', headerName: auth.header, headerValue: auth.value }
              : auth.type === 'basic'
                ? { type: 'basic', username: auth.username, password: auth.password }
                : {
                    type: 'oauth-client-credentials',
                    tokenUrl: auth.tokenUrl,
                    httpMethod: auth.httpMethod,
                    clientId: auth.clientId,
                    clientSecret: auth.clientSecret,
                    scope: auth.scope,
                    headers: auth.headers,
                    queryParameters: auth.queryParameters,
                    bodyParameters: auth.bodyParameters,
                  },
        }
      : undefined;
    // Most targets have none: no merged object for them on every call.
    const bodyParameters =
      http.bodyParameters || secret?.bodyParameters
        ? { ...http.bodyParameters, ...secret?.bodyParameters }
        : undefined;
    return {
      url: http.url,
      method: http.method ?? 'POST',
      headers: { 'content-type': 'application/json', ...http.headers, ...secret?.headers },
      queryParameters: secret?.queryParameters,
      bodyParameters,
      timeoutMs: http.timeoutMs ?? this.config.deliveryTimeoutMs,
      connection,
      signingSecrets: req.secrets.signingSecret ? [req.secrets.signingSecret] : undefined,
    };
  }

  private async sendEventBridge(req: SendRequest): Promise<DeliveryOutcome> {
    const eb = req.target.eventbridge as NonNullable<TargetInput['eventbridge']>;
    // Without its own credentials a target would call AWS as the operator (the worker's environment,
    // instance or task role): any tenant could then publish to whatever that identity may reach.
    if (!req.secrets.awsCredentials && !this.config.awsDefaultCredentials)
      return failure(
        'CREDENTIALS_REQUIRED',
        'This EventBridge target has no AWS credentials, and this gateway does not lend its own ' +
          '(HOOKBRIDGE_AWS_DEFAULT_CREDENTIALS). Store credentials on the target, then redrive.',
      );
    const { source } = envelopeFields(req.envelope);
    return this.eventbridge.deliver(
      {
        eventBusArn: eb.eventBusArn,
        region: eb.region,
        endpoint: eb.endpoint,
        credentials: req.secrets.awsCredentials,
        // PutEvents refuses sources starting with `aws.`, which every partner event has.
        sourceOverride: source?.startsWith('aws.') ? `hookbridge.${source.slice(4)}` : undefined,
      },
      req.envelope,
    );
  }

  /**
   * Puts the event on another bus of the same account, as a new event (the envelope unchanged).
   * As in EventBridge, an event makes one such hop: one that came from another bus is not
   * forwarded again ("EventBridge can't route events received from a sender event bus to a third
   * event bus"), so buses forwarding to each other, or a bus to itself, cannot loop. Such an event
   * is recognized by its envelope, which keeps the id of the event it was copied from.
   *
   * The hop is made once per delivery, better than EventBridge's at least once: the copy is written
   * with a dedup key of the delivery's identity (event, target and replay, as deliveries are unique
   * on them), so an attempt made again after the copy was committed (a crash or a failed record
   * before the delivery was recorded, or a first attempt that routing's statement did not create,
   * the event then routed again under new delivery ids) answers with the copy already there.
   */
  private async sendToBus(req: SendRequest, busName: string): Promise<DeliveryOutcome> {
    const { accountId, envelope } = req;
    const started = performance.now();
    const fields = envelopeFields(envelope);
    if (fields.id !== undefined && fields.id !== req.eventId)
      return failure(
        'LOOP_DETECTED',
        `Event ${fields.id} came to this bus from another bus and is not forwarded again (to ${busName}).`,
      );
    const bus = await this.buses.find(accountId, busName);
    if (!bus || bus.state !== 'ACTIVE')
      return failure('ResourceNotFoundException', `Event bus ${busName} does not exist.`);
    const id = newEventId();
    const written = await this.writer.write({
      id,
      receivedAt: uuidv7Time(id),
      accountId,
      sourceId: null,
      sourceName: fields.source ?? 'hookbridge',
      busName,
      // Keys of events without a source have a scope of their own; the prefix reserves these in it.
      // The ids are UUIDs, so the key reads back unambiguously whatever the replay's name.
      dedupKey: `bus-hop:${req.eventId}:${req.targetPk}:${req.replayName}`,
      rawBody: Buffer.from(envelope),
      headers: { 'x-hookbridge-delivery-id': req.deliveryId },
      detailType: null,
      eventTime: null,
      envelope,
    });
    return { ok: true, statusCode: 200, durationMs: performance.now() - started, eventId: written.eventId };
  }
}

function envelopeFields(envelope: string): { id?: string; source?: string } {
  try {
    const v = JSON.parse(envelope) as { id?: unknown; source?: unknown };
    return {
      id: typeof v.id === 'string' ? v.id : undefined,
      source: typeof v.source === 'string' ? v.source : undefined,
    };
  } catch {
    return {};
  }
}

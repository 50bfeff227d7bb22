import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import type { Executor } from '#libs/db';
import { SecretBox } from '#libs/security';
import { Arns, invalid, invalidState, notFound } from '../common/index.js';
import { ApiDestinationsRepository } from '../api-destinations/api-destinations.repository.js';
import { ConnectionsRepository } from '../connections/connections.repository.js';
import {
  connectionHttp,
  type ConnectionSecrets,
  type PublicConnectionAuth,
} from '../connections/connection-auth.js';
import type { TargetInput } from '../rules/target.schema.js';
import {
  type EventBridgeTargetDefinition,
  type ResolvedTargetArn,
  toTargetInput,
} from './target-definition.js';

/** Any partition's event bus ARN; the region is captured. */
const EVENT_BUS_ARN = /^arn:aws[a-z-]*:events:([a-z0-9-]+):\d{12}:event-bus\/[/.\-_A-Za-z0-9]{1,256}$/;

/** Resolves the ARN of an EventBridge-API target to what Hookbridge delivers to. */
@Injectable()
export class TargetArnResolver {
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly arns: Arns,
    private readonly destinations: ApiDestinationsRepository,
    private readonly connections: ConnectionsRepository,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  /** The domain target for an AWS target, and the API destination it came from, if any. */
  async translate(
    accountId: string,
    def: EventBridgeTargetDefinition,
    ex?: Executor,
  ): Promise<{ target: TargetInput; apiDestinationId?: string }> {
    const resolved = await this.resolve(accountId, def.Arn, ex);
    return {
      target: toTargetInput(def, resolved),
      apiDestinationId: resolved.kind === 'api-destination' ? resolved.destinationId : undefined,
    };
  }

  /**
   * An API destination of this account (with its connection's credentials), a bus of this account
   * on this gateway, or any other event bus (AWS EventBridge). Throws a DomainError otherwise.
   */
  async resolve(accountId: string, arn: string, ex?: Executor): Promise<ResolvedTargetArn> {
    const resource = this.arns.resourceOf(accountId, arn) ?? '';
    const dest = /^api-destination\/([^/]+)\/([^/]+)$/.exec(resource);
    if (dest) {
      const row = await this.destinations.find(accountId, dest[1] ?? '', ex);
      if (!row || row.id !== dest[2]) throw notFound(`API destination ${arn}`);
      const conn = row.connectionId
        ? await this.connections.findById(accountId, row.connectionId, ex)
        : undefined;
      if (!conn) throw invalidState(`The connection of API destination ${row.name} was deleted.`);
      if (conn.state !== 'AUTHORIZED')
        throw invalidState(
          `Connection ${conn.name} of API destination ${row.name} is ${conn.state}: updating the connection with its credentials authorizes it again.`,
        );
      const secrets = JSON.parse(this.box.open(conn.secretsEnc)) as ConnectionSecrets;
      return {
        kind: 'api-destination',
        destinationId: row.id,
        endpoint: row.invocationEndpoint,
        method: row.httpMethod,
        rateLimitPerSecond: row.rateLimitPerSecond ?? undefined,
        connection: connectionHttp(conn.authParameters as PublicConnectionAuth, secrets),
      };
    }
    const bus = /^event-bus\/(.+)$/.exec(resource);
    if (bus) return { kind: 'bus', name: bus[1] ?? '' };
    const other = EVENT_BUS_ARN.exec(arn);
    if (other) return { kind: 'eventbridge', eventBusArn: arn, region: other[1] ?? '' };
    throw invalid(
      `Target ARN '${arn}' is not supported: Hookbridge delivers to API destinations of this account and to event buses.`,
    );
  }
}

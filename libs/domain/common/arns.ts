import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';

/** Builds AWS-shaped ARNs (`arn:<partition>:events:<region>:<account>:<resource>`). */
@Injectable()
export class Arns {
  private readonly base: string;
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.base = `arn:${config.partition}:events:${config.region}`;
  }

  eventSource(name: string): string {
    return `${this.base}::event-source/${name}`;
  }

  eventBus(accountId: string, bus: string): string {
    return `${this.base}:${accountId}:event-bus/${bus}`;
  }

  /** AWS leaves the bus out of rule ARNs on the default bus. */
  rule(accountId: string, bus: string, rule: string): string {
    return bus === 'default'
      ? `${this.base}:${accountId}:rule/${rule}`
      : `${this.base}:${accountId}:rule/${bus}/${rule}`;
  }

  /** A connection: AWS appends a unique id to the name. */
  connection(accountId: string, name: string, id: string): string {
    return `${this.base}:${accountId}:connection/${name}/${id}`;
  }

  /** An API destination: AWS appends a unique id to the name. */
  apiDestination(accountId: string, name: string, id: string): string {
    return `${this.base}:${accountId}:api-destination/${name}/${id}`;
  }

  archive(accountId: string, name: string): string {
    return `${this.base}:${accountId}:archive/${name}`;
  }

  replay(accountId: string, name: string): string {
    return `${this.base}:${accountId}:replay/${name}`;
  }

  /**
   * The resource part (`event-bus/x`, `rule/x`…) of an ARN of this gateway's partition and region
   * in this account; undefined for any other ARN, another account's included.
   */
  resourceOf(accountId: string, arn: string): string | undefined {
    const prefix = `${this.base}:${accountId}:`;
    return arn.startsWith(prefix) ? arn.slice(prefix.length) : undefined;
  }

  /**
   * The bus an `EventBusName` names: a name as it is; an ARN only if it is of a bus of this account
   * in this gateway's partition and region (undefined otherwise, never the caller's namesake bus).
   */
  busNameOf(accountId: string, nameOrArn: string): string | undefined {
    if (!nameOrArn.startsWith('arn:')) return nameOrArn;
    return /^event-bus\/(.+)$/.exec(this.resourceOf(accountId, nameOrArn) ?? '')?.[1];
  }

  /** Hookbridge's own target ARN, so dead letters can name the target. */
  target(accountId: string, bus: string, rule: string, targetId: string): string {
    return `${this.rule(accountId, bus, rule)}/target/${targetId}`;
  }
}

/** An AWS EventBridge event bus as a delivery target. */
export interface EventBridgeTargetConfig {
  /** `arn:aws:events:<region>:<account>:event-bus/<name>`; sent as `EventBusName`. */
  readonly eventBusArn: string;
  /** Defaults to the region in the ARN. */
  readonly region?: string;
  /**
   * Endpoint override (tests, LocalStack, VPC endpoints). Tenants set it, so the client connects
   * only to addresses the SSRF guard permits (see `allowedCidrs` of the client).
   */
  readonly endpoint?: string;
  /** Static credentials; without them the SDK's default provider chain is used. */
  readonly credentials?: AwsCredentials;
  /**
   * `Source` to publish with instead of the envelope's. PutEvents refuses sources starting with
   * `aws.`, which partner events (`aws.partner/…`) have.
   */
  readonly sourceOverride?: string;
}

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Raised for a bus ARN that cannot be parsed. */
export class EventBridgeTargetConfigError extends Error {
  override readonly name = 'EventBridgeTargetConfigError';
}

const BUS_ARN = /^arn:aws[a-z-]*:events:([a-z0-9-]+):(\d{12}):event-bus\/[/.\-_A-Za-z0-9]{1,256}$/;

/** The region named in an event bus ARN; throws {@link EventBridgeTargetConfigError}. */
export function regionOfBusArn(arn: string): string {
  const match = BUS_ARN.exec(arn);
  if (!match) throw new EventBridgeTargetConfigError(`"${arn}" is not an event bus ARN`);
  return match[1];
}

/** Checks a target when it is saved. */
export function validateEventBridgeTarget(config: EventBridgeTargetConfig): void {
  regionOfBusArn(config.eventBusArn);
  if (config.endpoint !== undefined) {
    try {
      new URL(config.endpoint);
    } catch {
      throw new EventBridgeTargetConfigError(`endpoint "${config.endpoint}" is not a valid URL`);
    }
  }
  const creds = config.credentials;
  if (creds && (!creds.accessKeyId || !creds.secretAccessKey)) {
    throw new EventBridgeTargetConfigError('credentials need accessKeyId and secretAccessKey');
  }
  if (
    config.sourceOverride !== undefined &&
    (config.sourceOverride.length === 0 || config.sourceOverride.startsWith('aws.'))
  ) {
    throw new EventBridgeTargetConfigError('sourceOverride must be non-empty and must not start with "aws."');
  }
}

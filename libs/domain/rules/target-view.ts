import type { TargetRow } from './rules.repository.js';
import type { TargetInput, TargetSecrets } from './target.schema.js';

/** A target as REST shows it: its settings in the clear, and what it keeps sealed without the values. */
export interface TargetView extends Omit<TargetInput, 'http' | 'eventbridge'> {
  arn: string;
  state: 'ENABLED' | 'DISABLED';
  disabledReason?: string;
  http?: Omit<NonNullable<TargetInput['http']>, 'auth' | 'signingSecret' | 'secretParameters'> & {
    auth?: { type: string };
    signed?: boolean;
    /** The names of the sealed parameters, without their values. */
    secretParameters?: { headers?: string[]; queryParameters?: string[]; bodyParameters?: string[] };
  };
  eventbridge?: Omit<NonNullable<TargetInput['eventbridge']>, 'credentials'> & {
    /** Whether AWS credentials are stored (sealed) for the bus; they are never shown. */
    hasCredentials: boolean;
  };
  /** The target as the EventBridge API defined it (AWS's Target shape), if it was put that way. */
  awsDefinition?: Record<string, unknown>;
}

/** The view of a stored target, given its ARN and its opened secrets. */
export function targetView(t: TargetRow, arn: string, secrets: TargetSecrets): TargetView {
  const config = t.config as unknown as TargetInput;
  const sealed = secrets.httpParameters;
  const names = (m?: Record<string, string>) => (m ? Object.keys(m) : undefined);
  return {
    ...config,
    arn,
    state: t.state,
    disabledReason: t.disabledReason ?? undefined,
    awsDefinition: t.awsDefinition ?? undefined,
    http: config.http
      ? {
          ...config.http,
          auth: secrets.httpAuth ? { type: secrets.httpAuth.type } : undefined,
          signed: secrets.signingSecret !== undefined,
          secretParameters: sealed
            ? {
                headers: names(sealed.headers),
                queryParameters: names(sealed.queryParameters),
                bodyParameters: names(sealed.bodyParameters),
              }
            : undefined,
        }
      : undefined,
    eventbridge: config.eventbridge
      ? { ...config.eventbridge, hasCredentials: secrets.awsCredentials !== undefined }
      : undefined,
  };
}

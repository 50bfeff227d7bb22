import { apiDestinationNameOf } from '../api-destinations/api-destination-target.schema.js';
import type { EventBridgeTargetDefinition } from '../eventbridge-targets/target-definition.js';
import type { TargetRow } from './rules.repository.js';
import type { TargetInput, TargetSecrets } from './target.schema.js';

/** The API destination a target names, as REST shows it (from the definition it was put with). */
export interface TargetApiDestination {
  name: string;
  arn: string;
  pathParameterValues?: string[];
  headerParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
}

/**
 * A target as REST shows it: its settings in the clear, and what it keeps sealed without the values.
 * A target resolved from an API destination (put through REST or the EventBridge API) has type
 * `api-destination`, names the destination, and shows in `http` what it currently resolves to.
 */
export interface TargetView extends Omit<TargetInput, 'http' | 'eventbridge' | 'type'> {
  type: TargetInput['type'] | 'api-destination';
  apiDestination?: TargetApiDestination;
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
    ...apiDestinationOf(t),
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

/** For a target resolved from an API destination: its type and the destination it names. */
function apiDestinationOf(t: TargetRow): Pick<TargetView, 'type' | 'apiDestination'> | undefined {
  const def = t.awsDefinition as Partial<EventBridgeTargetDefinition> | null;
  const name = apiDestinationNameOf(def?.Arn);
  if (!t.apiDestinationId || !def?.Arn || !name) return undefined;
  const http = def.HttpParameters;
  return {
    type: 'api-destination',
    apiDestination: {
      name,
      arn: def.Arn,
      ...(http?.PathParameterValues ? { pathParameterValues: http.PathParameterValues } : {}),
      ...(http?.HeaderParameters ? { headerParameters: http.HeaderParameters } : {}),
      ...(http?.QueryStringParameters ? { queryStringParameters: http.QueryStringParameters } : {}),
    },
  };
}

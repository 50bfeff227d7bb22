import { invalid } from '../common/index.js';
import { type HttpAuth, type TargetInput, targetSchema } from '../rules/target.schema.js';
import type { ResolvedHttpParameters } from '../connections/connection-auth.js';

/**
 * A target as the EventBridge API defines it (AWS's `Target`, PascalCase on purpose): it is stored
 * as given and echoed by ListTargetsByRule, so SDK round trips keep every field they sent.
 */
export interface EventBridgeTargetDefinition {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  DeadLetterConfig?: { Arn?: string };
  HttpParameters?: {
    PathParameterValues?: string[];
    HeaderParameters?: Record<string, string>;
    QueryStringParameters?: Record<string, string>;
  };
}

/** What a target ARN names. */
export type ResolvedTargetArn =
  | {
      kind: 'api-destination';
      destinationId: string;
      endpoint: string;
      method: string;
      rateLimitPerSecond?: number;
      /** The connection's auth, and the parameters of every invocation, shown and secret apart. */
      connection: { auth: HttpAuth; shown: ResolvedHttpParameters; secret: ResolvedHttpParameters };
    }
  | { kind: 'bus'; name: string }
  | { kind: 'eventbridge'; eventBusArn: string; region: string };

/**
 * Translates an AWS target into the domain's target: an API destination becomes an HTTP target
 * carrying its connection's auth, a bus of this account a bus target, any other bus ARN an
 * EventBridge target. Throws a ValidationException DomainError when the result is not deliverable.
 */
export function toTargetInput(def: EventBridgeTargetDefinition, resolved: ResolvedTargetArn): TargetInput {
  const common = {
    id: def.Id,
    input: def.Input,
    inputPath: def.InputPath,
    inputTransformer: def.InputTransformer
      ? {
          inputPathsMap: def.InputTransformer.InputPathsMap,
          inputTemplate: def.InputTransformer.InputTemplate,
        }
      : undefined,
    retryPolicy: def.RetryPolicy
      ? {
          maximumRetryAttempts: def.RetryPolicy.MaximumRetryAttempts,
          maximumEventAgeInSeconds: def.RetryPolicy.MaximumEventAgeInSeconds,
        }
      : undefined,
    deadLetter: def.DeadLetterConfig?.Arn ? true : undefined,
  };
  if (resolved.kind !== 'api-destination' && def.HttpParameters)
    throw invalid('HttpParameters apply to API destination targets only.');
  let candidate: unknown;
  if (resolved.kind === 'bus') candidate = { ...common, type: 'bus', bus: { name: resolved.name } };
  else if (resolved.kind === 'eventbridge')
    candidate = {
      ...common,
      type: 'eventbridge',
      eventbridge: { eventBusArn: resolved.eventBusArn, region: resolved.region },
    };
  else candidate = { ...common, type: 'http', http: httpSettings(def, resolved), ...rate(resolved) };
  const parsed = targetSchema.safeParse(stripUndefined(candidate));
  if (!parsed.success)
    throw invalid(
      parsed.error.issues
        .map((i) => `${i.path.length ? i.path.join('.') : 'target'}: ${i.message}`)
        .join('; '),
    );
  return parsed.data;
}

function rate(r: Extract<ResolvedTargetArn, { kind: 'api-destination' }>) {
  return r.rateLimitPerSecond !== undefined ? { rateLimitPerSecond: r.rateLimitPerSecond } : {};
}

/**
 * The endpoint with its `*` wildcards filled from PathParameterValues, the target's and the
 * connection's query and headers (the connection's win, as in AWS), and the connection's auth.
 */
function httpSettings(
  def: EventBridgeTargetDefinition,
  r: Extract<ResolvedTargetArn, { kind: 'api-destination' }>,
): NonNullable<TargetInput['http']> {
  const values = def.HttpParameters?.PathParameterValues ?? [];
  const parts = r.endpoint.split('*');
  if (parts.length - 1 !== values.length)
    throw invalid(
      `The API destination endpoint has ${parts.length - 1} path wildcard(s) but PathParameterValues has ${values.length} value(s).`,
    );
  const dynamic = [...values, ...Object.values(def.HttpParameters?.HeaderParameters ?? {})].find((v) =>
    v.startsWith('$.'),
  );
  if (dynamic !== undefined)
    throw invalid(`Dynamic HttpParameters values such as '${dynamic}' are not supported.`);
  const url = new URL(parts.reduce((acc, part, i) => acc + encodeURIComponent(values[i - 1] ?? '') + part));
  const { shown, secret } = r.connection;
  for (const [k, v] of Object.entries({ ...def.HttpParameters?.QueryStringParameters, ...shown.query }))
    url.searchParams.set(k, v);
  // A secret query parameter is appended when the call is made; the target's own one gives way to it.
  for (const k of Object.keys(secret.query)) url.searchParams.delete(k);
  const secretHeaders = new Set(Object.keys(secret.headers).map((h) => h.toLowerCase()));
  const headers = Object.fromEntries(
    Object.entries({ ...def.HttpParameters?.HeaderParameters, ...shown.headers }).filter(
      ([h]) => !secretHeaders.has(h.toLowerCase()),
    ),
  );
  const secretParameters = {
    ...nonEmpty('headers', secret.headers),
    ...nonEmpty('queryParameters', secret.query),
    ...nonEmpty('bodyParameters', secret.body),
  };
  return {
    url: url.toString(),
    method: r.method as NonNullable<TargetInput['http']>['method'],
    ...nonEmpty('headers', headers),
    ...nonEmpty('bodyParameters', shown.body),
    ...(Object.keys(secretParameters).length > 0 ? { secretParameters } : {}),
    auth: r.connection.auth,
  };
}

/** `{ [name]: map }`, or nothing for an empty map. */
function nonEmpty<K extends string>(
  name: K,
  map: Record<string, string>,
): Partial<Record<K, Record<string, string>>> {
  return Object.keys(map).length > 0 ? ({ [name]: map } as Record<K, Record<string, string>>) : {};
}

function stripUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripUndefined);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => [k, stripUndefined(x)]),
  );
}

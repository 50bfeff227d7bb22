import type { HttpAuth, Target, TargetView } from '../api/types';
import { integer, lines, pairs } from './form-text';
import {
  authFromForm,
  awsCredentialsFromForm,
  keptParts,
  secretHeadersFromForm,
  type StoredSecrets,
} from './target-secrets';

export type InputMode = 'event' | 'input' | 'inputPath' | 'inputTransformer';
export type AuthType = '' | HttpAuth['type'];

/** The target form's state: every field as the user typed it. */
export interface TargetForm {
  id: string;
  type: Target['type'];
  url: string;
  method: string;
  /** One `Name: value` per line. */
  headers: string;
  /** One `Name: value` per line, stored sealed; never filled from a stored target (blank keeps it). */
  secretHeaders: string;
  /** Editing: remove the stored secret parameters instead of keeping them. */
  removeSecretHeaders: boolean;
  /** One `name: value` per line, added to the JSON body. */
  bodyParameters: string;
  authType: AuthType;
  username: string;
  password: string;
  apiKeyHeader: string;
  apiKeyValue: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  eventBusArn: string;
  region: string;
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Editing: remove the stored AWS credentials instead of keeping them. */
  removeCredentials: boolean;
  busName: string;
  /** The API destination a target of type `api-destination` names. */
  apiDestinationName: string;
  /** Values for the destination endpoint's `*` wildcards, one per line. */
  pathParameterValues: string;
  /** One `Name: value` per line: the target's own headers and query parameters for the destination. */
  destinationHeaders: string;
  destinationQuery: string;
  inputMode: InputMode;
  input: string;
  inputPath: string;
  /** JSON object: variable → JSON path. */
  inputPathsMap: string;
  inputTemplate: string;
  maximumRetryAttempts: string;
  maximumEventAgeInSeconds: string;
  deadLetter: boolean;
}

export type FormErrors = Partial<Record<keyof TargetForm, string>>;

export const emptyTargetForm = (): TargetForm => ({
  id: '',
  type: 'http',
  url: '',
  method: 'POST',
  headers: '',
  secretHeaders: '',
  removeSecretHeaders: false,
  bodyParameters: '',
  authType: '',
  username: '',
  password: '',
  apiKeyHeader: '',
  apiKeyValue: '',
  tokenUrl: '',
  clientId: '',
  clientSecret: '',
  scope: '',
  eventBusArn: '',
  region: 'us-east-1',
  endpoint: '',
  accessKeyId: '',
  secretAccessKey: '',
  sessionToken: '',
  removeCredentials: false,
  busName: '',
  apiDestinationName: '',
  pathParameterValues: '',
  destinationHeaders: '',
  destinationQuery: '',
  inputMode: 'event',
  input: '',
  inputPath: '$.detail',
  inputPathsMap: '{\n  "order": "$.detail.order"\n}',
  inputTemplate: '{"order": <order>}',
  maximumRetryAttempts: '',
  maximumEventAgeInSeconds: '',
  deadLetter: true,
});

/**
 * A stored target in the form. Credentials are never returned: their fields start blank, which
 * keeps the stored ones (see targetFromForm); the stored auth type is selected.
 */
export function formFromTarget(t: TargetView): TargetForm {
  const f = emptyTargetForm();
  return {
    ...f,
    id: t.id,
    type: t.type,
    url: t.http?.url ?? '',
    method: t.http?.method ?? 'POST',
    headers: lines(t.http?.headers),
    bodyParameters: lines(t.http?.bodyParameters),
    authType: t.http?.auth?.type ?? '',
    eventBusArn: t.eventbridge?.eventBusArn ?? '',
    region: t.eventbridge?.region ?? f.region,
    endpoint: t.eventbridge?.endpoint ?? '',
    busName: t.bus?.name ?? '',
    apiDestinationName: t.apiDestination?.name ?? '',
    pathParameterValues: (t.apiDestination?.pathParameterValues ?? []).join('\n'),
    destinationHeaders: lines(t.apiDestination?.headerParameters),
    destinationQuery: lines(t.apiDestination?.queryStringParameters),
    inputMode:
      t.input !== undefined
        ? 'input'
        : t.inputPath !== undefined
          ? 'inputPath'
          : t.inputTransformer
            ? 'inputTransformer'
            : 'event',
    input: t.input ?? '',
    inputPath: t.inputPath ?? f.inputPath,
    inputPathsMap: t.inputTransformer
      ? JSON.stringify(t.inputTransformer.inputPathsMap ?? {}, null, 2)
      : f.inputPathsMap,
    inputTemplate: t.inputTransformer?.inputTemplate ?? f.inputTemplate,
    maximumRetryAttempts: t.retryPolicy?.maximumRetryAttempts?.toString() ?? '',
    maximumEventAgeInSeconds: t.retryPolicy?.maximumEventAgeInSeconds?.toString() ?? '',
    deadLetter: t.deadLetter ?? true,
  };
}

/** The shaping part of the form (for the live preview), or errors. */
export function shapingFromForm(f: TargetForm): {
  shaping: Pick<Target, 'input' | 'inputPath' | 'inputTransformer'>;
  errors: FormErrors;
} {
  const errors: FormErrors = {};
  if (f.inputMode === 'input') return { shaping: { input: f.input }, errors };
  if (f.inputMode === 'inputPath') return { shaping: { inputPath: f.inputPath.trim() }, errors };
  if (f.inputMode === 'inputTransformer') {
    let map: Record<string, string> | undefined;
    try {
      const parsed: unknown = f.inputPathsMap.trim() ? JSON.parse(f.inputPathsMap) : {};
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('must be a JSON object');
      if (Object.values(parsed).some((v) => typeof v !== 'string'))
        throw new Error('every value must be a JSON path string');
      map = parsed as Record<string, string>;
    } catch (err) {
      errors.inputPathsMap = `Input paths map: ${(err as Error).message}`;
    }
    return { shaping: { inputTransformer: { inputPathsMap: map, inputTemplate: f.inputTemplate } }, errors };
  }
  return { shaping: {}, errors };
}

/**
 * Turns the form into a PUT …/targets entry, or says what to fix, field by field. When editing,
 * `stored` says what the target keeps sealed: blank credential fields keep it (`keepSecrets`).
 */
export function targetFromForm(
  f: TargetForm,
  stored?: StoredSecrets,
): { target?: Target; errors: FormErrors } {
  const { shaping, errors } = shapingFromForm(f);
  const required = (key: keyof TargetForm, label: string) => {
    if (String(f[key]).trim() === '') errors[key] = `${label} is required.`;
  };
  if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(f.id)) errors.id = 'Target id: 1–64 of letters, digits, . - _';
  const target: Target = { id: f.id, type: f.type, ...shaping, deadLetter: f.deadLetter };
  if (f.type === 'http') {
    required('url', 'URL');
    const headers = pairs(f.headers, 'headers', 'Header line', errors);
    const secret = secretHeadersFromForm(f, stored, errors);
    const bodyParameters = pairs(f.bodyParameters, 'bodyParameters', 'Body parameter line', errors);
    const auth = authFromForm(f, stored, errors);
    target.http = {
      url: f.url.trim(),
      method: f.method,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(Object.keys(bodyParameters).length ? { bodyParameters } : {}),
      ...(secret.headers ? { secretParameters: { headers: secret.headers } } : {}),
      ...(auth.auth ? { auth: auth.auth } : {}),
    };
    const keep = keptParts({ auth: auth.keep, secretParameters: secret.keep, signingSecret: stored?.signed });
    if (keep.length) target.keepSecrets = keep;
  } else if (f.type === 'eventbridge') {
    required('eventBusArn', 'Event bus ARN');
    required('region', 'Region');
    const aws = awsCredentialsFromForm(f, stored, errors);
    target.eventbridge = {
      eventBusArn: f.eventBusArn.trim(),
      region: f.region.trim(),
      ...(f.endpoint.trim() ? { endpoint: f.endpoint.trim() } : {}),
      ...(aws.credentials ? { credentials: aws.credentials } : {}),
    };
    if (aws.keep) target.keepSecrets = ['credentials'];
  } else if (f.type === 'api-destination') {
    required('apiDestinationName', 'API destination');
    const headerParameters = pairs(f.destinationHeaders, 'destinationHeaders', 'Header line', errors);
    const queryStringParameters = pairs(f.destinationQuery, 'destinationQuery', 'Query line', errors);
    const values = f.pathParameterValues.split('\n').filter((v) => v.trim() !== '');
    // Its credentials are the connection's: nothing of the stored target is kept.
    target.apiDestination = {
      name: f.apiDestinationName,
      ...(values.length ? { pathParameterValues: values.map((v) => v.trim()) } : {}),
      ...(Object.keys(headerParameters).length ? { headerParameters } : {}),
      ...(Object.keys(queryStringParameters).length ? { queryStringParameters } : {}),
    };
  } else {
    required('busName', 'Bus name');
    target.bus = { name: f.busName.trim() };
  }
  const retry = {
    maximumRetryAttempts: integer(f.maximumRetryAttempts, 0, 185, 'maximumRetryAttempts', errors),
    maximumEventAgeInSeconds: integer(
      f.maximumEventAgeInSeconds,
      60,
      86_400,
      'maximumEventAgeInSeconds',
      errors,
    ),
  };
  if (retry.maximumRetryAttempts !== undefined || retry.maximumEventAgeInSeconds !== undefined)
    target.retryPolicy = retry;
  return Object.keys(errors).length ? { errors } : { target, errors };
}

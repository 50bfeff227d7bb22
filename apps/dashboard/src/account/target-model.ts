import type { HttpAuth, Target, TargetView } from '../api/types';

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
  /** One `Name: value` per line, stored sealed; never filled from a stored target. */
  secretHeaders: string;
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
  busName: string;
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
  busName: '',
  inputMode: 'event',
  input: '',
  inputPath: '$.detail',
  inputPathsMap: '{\n  "order": "$.detail.order"\n}',
  inputTemplate: '{"order": <order>}',
  maximumRetryAttempts: '',
  maximumEventAgeInSeconds: '',
  deadLetter: true,
});

/** A stored target in the form. Credentials are never returned, so they must be typed again. */
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

/** Turns the form into a PUT …/targets entry, or says what to fix, field by field. */
export function targetFromForm(f: TargetForm): { target?: Target; errors: FormErrors } {
  const { shaping, errors } = shapingFromForm(f);
  const required = (key: keyof TargetForm, label: string) => {
    if (String(f[key]).trim() === '') errors[key] = `${label} is required.`;
  };
  if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(f.id)) errors.id = 'Target id: 1–64 of letters, digits, . - _';
  const target: Target = { id: f.id, type: f.type, ...shaping, deadLetter: f.deadLetter };
  if (f.type === 'http') {
    required('url', 'URL');
    const headers = pairs(f.headers, 'headers', 'Header line', errors);
    const secretHeaders = pairs(f.secretHeaders, 'secretHeaders', 'Secret header line', errors);
    const bodyParameters = pairs(f.bodyParameters, 'bodyParameters', 'Body parameter line', errors);
    target.http = {
      url: f.url.trim(),
      method: f.method,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(Object.keys(bodyParameters).length ? { bodyParameters } : {}),
      ...(Object.keys(secretHeaders).length ? { secretParameters: { headers: secretHeaders } } : {}),
    };
    if (f.authType === 'basic') {
      required('username', 'Username');
      required('password', 'Password');
      target.http.auth = { type: 'basic', username: f.username, password: f.password };
    } else if (f.authType === 'api-key') {
      required('apiKeyHeader', 'Header name');
      required('apiKeyValue', 'API key');
      target.http.auth = { type: 'api-key', header: f.apiKeyHeader.trim(), value: f.apiKeyValue };
    } else if (f.authType === 'oauth-client-credentials') {
      required('tokenUrl', 'Token URL');
      required('clientId', 'Client id');
      required('clientSecret', 'Client secret');
      target.http.auth = {
        type: 'oauth-client-credentials',
        tokenUrl: f.tokenUrl.trim(),
        clientId: f.clientId,
        clientSecret: f.clientSecret,
        ...(f.scope.trim() ? { scope: f.scope.trim() } : {}),
      };
    }
  } else if (f.type === 'eventbridge') {
    required('eventBusArn', 'Event bus ARN');
    required('region', 'Region');
    target.eventbridge = {
      eventBusArn: f.eventBusArn.trim(),
      region: f.region.trim(),
      ...(f.endpoint.trim() ? { endpoint: f.endpoint.trim() } : {}),
    };
    if (f.accessKeyId || f.secretAccessKey) {
      required('accessKeyId', 'Access key id');
      required('secretAccessKey', 'Secret access key');
      target.eventbridge.credentials = {
        accessKeyId: f.accessKeyId.trim(),
        secretAccessKey: f.secretAccessKey,
        ...(f.sessionToken ? { sessionToken: f.sessionToken } : {}),
      };
    }
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

function integer(
  text: string,
  min: number,
  max: number,
  key: 'maximumRetryAttempts' | 'maximumEventAgeInSeconds',
  errors: FormErrors,
): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    errors[key] = `Must be a whole number from ${min} to ${max}.`;
  return n;
}

/** A map as `name: value` lines. */
function lines(map: Record<string, string> | undefined): string {
  return Object.entries(map ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

/** `name: value` lines as a map; a line without a name and a colon is an error on `key`. */
function pairs(
  text: string,
  key: keyof TargetForm,
  label: string,
  errors: FormErrors,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const at = line.indexOf(':');
    if (at <= 0) errors[key] = `${label} "${line}" is not "name: value".`;
    else out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

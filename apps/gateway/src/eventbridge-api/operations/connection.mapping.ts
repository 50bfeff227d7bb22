import { z } from 'zod';
import type { ConnectionAuthInput, ConnectionHttpParameters, ConnectionView } from '#libs/domain';
import { compact, epochSeconds } from '../operation.js';

const parameter = z.object({
  Key: z.string().max(512),
  Value: z.string().max(512),
  IsValueSecret: z.boolean().optional(),
});

/** AWS's ConnectionHttpParameters. */
const httpParameters = z.object({
  HeaderParameters: z.array(parameter).max(100).optional(),
  QueryStringParameters: z.array(parameter).max(100).optional(),
  BodyParameters: z.array(parameter).max(100).optional(),
});

const secret = z.string().min(1).max(512);

/** AWS's AuthParameters of CreateConnection (and, with every member optional, of UpdateConnection). */
export const authParametersInput = z.object({
  BasicAuthParameters: z.object({ Username: secret.optional(), Password: secret.optional() }).optional(),
  ApiKeyAuthParameters: z
    .object({ ApiKeyName: secret.optional(), ApiKeyValue: secret.optional() })
    .optional(),
  OAuthParameters: z
    .object({
      ClientParameters: z.object({ ClientID: secret.optional(), ClientSecret: secret.optional() }).optional(),
      AuthorizationEndpoint: z.string().min(1).max(2048).optional(),
      HttpMethod: z.enum(['GET', 'POST', 'PUT']).optional(),
      OAuthHttpParameters: httpParameters.optional(),
    })
    .optional(),
  InvocationHttpParameters: httpParameters.optional(),
});

type AwsHttpParameters = z.infer<typeof httpParameters>;

/** The AWS shape into the domain's camelCase one. */
export function toAuthInput(
  p: z.infer<typeof authParametersInput> | undefined,
): ConnectionAuthInput | undefined {
  if (!p) return undefined;
  const o = p.OAuthParameters;
  return {
    basic: p.BasicAuthParameters && {
      username: p.BasicAuthParameters.Username,
      password: p.BasicAuthParameters.Password,
    },
    apiKey: p.ApiKeyAuthParameters && {
      apiKeyName: p.ApiKeyAuthParameters.ApiKeyName,
      apiKeyValue: p.ApiKeyAuthParameters.ApiKeyValue,
    },
    oauth: o && {
      authorizationEndpoint: o.AuthorizationEndpoint,
      httpMethod: o.HttpMethod,
      clientId: o.ClientParameters?.ClientID,
      clientSecret: o.ClientParameters?.ClientSecret,
      httpParameters: fromAwsParameters(o.OAuthHttpParameters),
    },
    invocationHttpParameters: fromAwsParameters(p.InvocationHttpParameters),
  };
}

/** DescribeConnection's AuthParameters: what was given, secret values left out (as AWS does). */
export function toAwsAuthParameters(view: ConnectionView): object {
  const a = view.authParameters;
  return compact({
    BasicAuthParameters: a.basic && { Username: a.basic.username },
    ApiKeyAuthParameters: a.apiKey && { ApiKeyName: a.apiKey.apiKeyName },
    OAuthParameters: a.oauth && {
      ClientParameters: { ClientID: a.oauth.clientId },
      AuthorizationEndpoint: a.oauth.authorizationEndpoint,
      HttpMethod: a.oauth.httpMethod ?? 'POST',
      ...(a.oauth.httpParameters ? { OAuthHttpParameters: toAwsParameters(a.oauth.httpParameters) } : {}),
    },
    InvocationHttpParameters: a.invocationHttpParameters && toAwsParameters(a.invocationHttpParameters),
  });
}

/** The summary CreateConnection, UpdateConnection and DeleteConnection answer with. */
export function connectionSummary(view: ConnectionView, state = view.state): object {
  return {
    ConnectionArn: view.arn,
    ConnectionState: state,
    CreationTime: epochSeconds(view.creationTime),
    LastModifiedTime: epochSeconds(view.lastModifiedTime),
    LastAuthorizedTime: epochSeconds(view.lastAuthorizedTime),
  };
}

function fromAwsParameters(p: AwsHttpParameters | undefined): ConnectionHttpParameters | undefined {
  if (!p) return undefined;
  const list = (l?: z.infer<typeof parameter>[]) =>
    l?.map((x) => ({ key: x.Key, value: x.Value, isValueSecret: x.IsValueSecret }));
  return {
    headerParameters: list(p.HeaderParameters),
    queryStringParameters: list(p.QueryStringParameters),
    bodyParameters: list(p.BodyParameters),
  };
}

/** A secret parameter is described without its value, as AWS does. */
function toAwsParameters(p: ConnectionHttpParameters): object {
  const list = (l?: ConnectionHttpParameters['headerParameters']) =>
    l?.map((x) =>
      x.isValueSecret
        ? { Key: x.key, IsValueSecret: true }
        : { Key: x.key, Value: x.value, IsValueSecret: false },
    );
  return compact({
    HeaderParameters: list(p.headerParameters),
    QueryStringParameters: list(p.queryStringParameters),
    BodyParameters: list(p.bodyParameters),
  });
}

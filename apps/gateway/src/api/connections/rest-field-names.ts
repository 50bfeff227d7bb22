import { DomainError } from '#libs/domain';

/**
 * The domain checks connections and API destinations in the EventBridge API's terms; a REST caller
 * sent other names. Most specific first.
 */
const RENAMES: ReadonlyArray<[string, string]> = [
  ['BasicAuthParameters.Username', 'authParameters.basic.username'],
  ['BasicAuthParameters.Password', 'authParameters.basic.password'],
  ['ApiKeyAuthParameters.ApiKeyName', 'authParameters.apiKey.apiKeyName'],
  ['ApiKeyAuthParameters.ApiKeyValue', 'authParameters.apiKey.apiKeyValue'],
  ['OAuthParameters.ClientParameters.ClientID', 'authParameters.oauth.clientId'],
  ['OAuthParameters.ClientParameters.ClientSecret', 'authParameters.oauth.clientSecret'],
  ['OAuthParameters.AuthorizationEndpoint', 'authParameters.oauth.authorizationEndpoint'],
  ['OAuthParameters.HttpMethod', 'authParameters.oauth.httpMethod'],
  ['OAuthParameters.OAuthHttpParameters', 'authParameters.oauth.httpParameters'],
  ['InvocationHttpParameters', 'authParameters.invocationHttpParameters'],
  ['HeaderParameters', 'headerParameters'],
  ['QueryStringParameters', 'queryStringParameters'],
  ['BodyParameters', 'bodyParameters'],
  ['AuthParameters', 'authParameters'],
  ['AuthorizationType', 'authorizationType'],
  ['InvocationEndpoint', 'invocationEndpoint'],
  ['InvocationRateLimitPerSecond', 'invocationRateLimitPerSecond'],
  ['HttpMethod', 'httpMethod'],
  ['Description', 'description'],
  ['every Key', 'every key'],
  ['a Value', 'a value'],
];

/** Runs `work`; a validation error it raises names the fields as the REST body does. */
export async function inRestTerms<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'ValidationException') throw err;
    const message = RENAMES.reduce((m, [aws, rest]) => m.replaceAll(aws, rest), err.message);
    throw new DomainError(err.code, message);
  }
}

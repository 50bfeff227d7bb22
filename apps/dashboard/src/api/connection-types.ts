/** Connections and API destinations as the REST API shows them (`/v1/connections`, `/v1/api-destinations`). */

export type ConnectionAuthorizationType = 'BASIC' | 'API_KEY' | 'OAUTH_CLIENT_CREDENTIALS';

/** One HTTP parameter of a connection; a secret one is shown without its value. */
export interface ConnectionParameter {
  key: string;
  value?: string;
  isValueSecret?: boolean;
}

export interface ConnectionHttpParameters {
  headerParameters?: ConnectionParameter[];
  queryStringParameters?: ConnectionParameter[];
  bodyParameters?: ConnectionParameter[];
}

/** A connection's auth parameters: as shown, without `password`, `apiKeyValue` or `clientSecret`. */
export interface ConnectionAuthParameters {
  basic?: { username?: string; password?: string };
  apiKey?: { apiKeyName?: string; apiKeyValue?: string };
  oauth?: {
    authorizationEndpoint?: string;
    httpMethod?: string;
    clientId?: string;
    clientSecret?: string;
    httpParameters?: ConnectionHttpParameters;
  };
  invocationHttpParameters?: ConnectionHttpParameters;
}

export interface Connection {
  name: string;
  arn: string;
  description?: string;
  authorizationType: ConnectionAuthorizationType;
  /** AUTHORIZED, or DEAUTHORIZED (its secrets removed and its destinations' targets disabled). */
  state: string;
  authParameters: ConnectionAuthParameters;
  creationTime: string;
  lastModifiedTime: string;
  lastAuthorizedTime: string;
}

export interface ApiDestination {
  name: string;
  arn: string;
  description?: string;
  state: string;
  /** The connection's name. */
  connection: string;
  connectionArn: string;
  invocationEndpoint: string;
  httpMethod: string;
  invocationRateLimitPerSecond?: number;
  creationTime: string;
  lastModifiedTime: string;
}

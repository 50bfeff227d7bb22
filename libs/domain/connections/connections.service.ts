import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { type ConnectionAuthorizationType, DATABASE, type Database } from '#libs/db';
import { newId, SecretBox } from '#libs/security';
import { alreadyExists, Arns, invalid, notFound } from '../common/index.js';
import { type KeysetPage, keysetPage, type KeysetResult } from '../common/keyset.js';
import { isUniqueViolation } from '../sources/partner-event-sources.service.js';
import { ApiDestinationTargets } from '../api-destinations/api-destination-targets.service.js';
import {
  type ConnectionAuthInput,
  type ConnectionHttpParameters,
  type ConnectionSecrets,
  mergeConnectionAuth,
  type PublicConnectionAuth,
} from './connection-auth.js';
import { ConnectionsRepository, type ConnectionRow } from './connections.repository.js';

/** Connection and API destination names: AWS allows `[.\-_A-Za-z0-9]+`, 1–64 characters. */
export const RESOURCE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
export const AUTHORIZATION_TYPES = ['BASIC', 'API_KEY', 'OAUTH_CLIENT_CREDENTIALS'] as const;

export interface ConnectionView {
  name: string;
  arn: string;
  description?: string;
  authorizationType: ConnectionAuthorizationType;
  state: string;
  /** Without secret values, as AWS describes a connection. */
  authParameters: PublicConnectionAuth;
  creationTime: string;
  lastModifiedTime: string;
  lastAuthorizedTime: string;
}

export interface ConnectionInput {
  description?: string;
  authorizationType?: ConnectionAuthorizationType;
  authParameters?: ConnectionAuthInput;
}

/**
 * Connections: how API destinations authorise (basic, API key, OAuth client credentials). Secret
 * values are sealed at rest. A change reaches every target resolved from the connection's API
 * destinations in the same transaction; a deletion disables those targets.
 */
@Injectable()
export class ConnectionsService {
  private readonly box: SecretBox;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly repo: ConnectionsRepository,
    private readonly targets: ApiDestinationTargets,
    private readonly arns: Arns,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  async create(accountId: string, name: string, input: ConnectionInput): Promise<ConnectionView> {
    checkName('Connection', name);
    checkDescription(input.description);
    const type = authorizationType(input.authorizationType);
    const { auth, secrets } = mergeConnectionAuth(type, undefined, input.authParameters);
    try {
      const row = await this.repo.insert({
        id: newId(),
        accountId,
        name,
        description: input.description ?? null,
        authorizationType: type,
        authParameters: auth as Record<string, unknown>,
        secretsEnc: this.box.seal(JSON.stringify(secrets)),
      });
      return this.view(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyExists(`Connection ${name}`);
      throw err;
    }
  }

  async describe(accountId: string, name: string): Promise<ConnectionView> {
    return this.view(await this.row(accountId, name));
  }

  /** One page of the connections by name (the key is the name). */
  async listPage(
    accountId: string,
    filter: { namePrefix?: string; state?: string },
    page: KeysetPage,
  ): Promise<KeysetResult<ConnectionView>> {
    const rows = await this.repo.list(accountId, filter.namePrefix, filter.state, page);
    return keysetPage(rows, page, 'name', (r) => this.view(r));
  }

  /** Changes only what the input names, as AWS's UpdateConnection; a new type needs complete parameters. */
  async update(accountId: string, name: string, input: ConnectionInput): Promise<ConnectionView> {
    checkDescription(input.description);
    const { row, buses } = await this.db.transaction(async (tx) => {
      const current = await this.repo.find(accountId, name, tx, true);
      if (!current) throw notFound(`Connection ${name}`);
      const type =
        input.authorizationType !== undefined
          ? authorizationType(input.authorizationType)
          : current.authorizationType;
      const stored = {
        auth: current.authParameters as PublicConnectionAuth,
        secrets: JSON.parse(this.box.open(current.secretsEnc)) as ConnectionSecrets,
      };
      const base =
        type === current.authorizationType
          ? stored
          : {
              auth: { invocationHttpParameters: stored.auth.invocationHttpParameters },
              secrets: { invocation: stored.secrets.invocation },
            };
      const { auth, secrets } = mergeConnectionAuth(type, base, input.authParameters);
      const updated = await this.repo.update(
        accountId,
        current.id,
        {
          description: input.description ?? current.description,
          authorizationType: type,
          authParameters: auth as Record<string, unknown>,
          secretsEnc: this.box.seal(JSON.stringify(secrets)),
          // Complete credentials (checked above) authorize a deauthorized connection again.
          state: 'AUTHORIZED',
          lastAuthorizedAt: new Date(),
        },
        tx,
      );
      const destinations = await this.repo.destinationIds(accountId, current.id, tx);
      return { row: updated, buses: await this.targets.refreshWithin(tx, accountId, destinations) };
    });
    await this.targets.invalidate(accountId, buses);
    return this.view(row);
  }

  /**
   * Deauthorizes the connection, as AWS's DeauthorizeConnection: its secrets are removed (the
   * credentials and every secret parameter, whose entries leave the parameter lists too) and the
   * targets of its API destinations are disabled until an UpdateConnection with complete credentials
   * authorizes it again, which re-enables them.
   */
  async deauthorize(accountId: string, name: string): Promise<ConnectionView> {
    const { row, buses } = await this.db.transaction(async (tx) => {
      const current = await this.repo.find(accountId, name, tx, true);
      if (!current) throw notFound(`Connection ${name}`);
      const updated = await this.repo.update(
        accountId,
        current.id,
        {
          state: 'DEAUTHORIZED',
          authParameters: withoutSecretParameters(current.authParameters as PublicConnectionAuth) as Record<
            string,
            unknown
          >,
          secretsEnc: this.box.seal(JSON.stringify({})),
        },
        tx,
      );
      const destinations = await this.repo.destinationIds(accountId, current.id, tx);
      const touched = await this.targets.disableWithin(
        tx,
        accountId,
        destinations,
        `Connection ${name} was deauthorized.`,
      );
      return { row: updated, buses: touched };
    });
    await this.targets.invalidate(accountId, buses);
    return this.view(row);
  }

  /** Deletes the connection; targets of its API destinations are disabled, as they can no longer call. */
  async delete(accountId: string, name: string): Promise<ConnectionView> {
    const { row, buses } = await this.db.transaction(async (tx) => {
      const current = await this.repo.find(accountId, name, tx, true);
      if (!current) throw notFound(`Connection ${name}`);
      const destinations = await this.repo.destinationIds(accountId, current.id, tx);
      const touched = await this.targets.disableWithin(
        tx,
        accountId,
        destinations,
        `Connection ${name} was deleted.`,
      );
      await this.repo.delete(accountId, current.id, tx);
      return { row: current, buses: touched };
    });
    await this.targets.invalidate(accountId, buses);
    return this.view(row);
  }

  /** The connection an ARN names (`connection/<name>/<id>` in this account), or ResourceNotFound. */
  async findByArn(accountId: string, arn: string): Promise<ConnectionRow> {
    const m = /^connection\/([^/]+)\/([^/]+)$/.exec(this.arns.resourceOf(accountId, arn) ?? '');
    const row = m ? await this.repo.find(accountId, m[1] ?? '') : undefined;
    if (!row || row.id !== m?.[2]) throw notFound(`Connection ${arn}`);
    return row;
  }

  private async row(accountId: string, name: string): Promise<ConnectionRow> {
    const row = await this.repo.find(accountId, name);
    if (!row) throw notFound(`Connection ${name}`);
    return row;
  }

  private view(row: ConnectionRow): ConnectionView {
    return {
      name: row.name,
      arn: this.arns.connection(row.accountId, row.name, row.id),
      description: row.description ?? undefined,
      authorizationType: row.authorizationType,
      state: row.state,
      authParameters: row.authParameters as PublicConnectionAuth,
      creationTime: row.createdAt.toISOString(),
      lastModifiedTime: row.updatedAt.toISOString(),
      lastAuthorizedTime: row.lastAuthorizedAt.toISOString(),
    };
  }
}

function authorizationType(t: string | undefined): ConnectionAuthorizationType {
  if (!AUTHORIZATION_TYPES.includes(t as ConnectionAuthorizationType))
    throw invalid(`AuthorizationType must be one of ${AUTHORIZATION_TYPES.join(', ')}.`);
  return t as ConnectionAuthorizationType;
}

/** Names of connections and API destinations. */
export function checkName(what: string, name: string): void {
  if (!RESOURCE_NAME.test(name))
    throw invalid(`${what} name '${name}' is invalid: use [.\\-_A-Za-z0-9], 1 to 64 characters.`);
}

export function checkDescription(description: string | undefined): void {
  if (description !== undefined && description.length > 512)
    throw invalid('Description must be at most 512 characters.');
}

/** The parameter lists without their secret entries (whose values a deauthorization removed). */
function withoutSecretParameters(auth: PublicConnectionAuth): PublicConnectionAuth {
  const strip = (p?: ConnectionHttpParameters): ConnectionHttpParameters | undefined =>
    p && {
      headerParameters: p.headerParameters?.filter((x) => !x.isValueSecret),
      queryStringParameters: p.queryStringParameters?.filter((x) => !x.isValueSecret),
      bodyParameters: p.bodyParameters?.filter((x) => !x.isValueSecret),
    };
  return JSON.parse(
    JSON.stringify({
      ...auth,
      invocationHttpParameters: strip(auth.invocationHttpParameters),
      ...(auth.oauth ? { oauth: { ...auth.oauth, httpParameters: strip(auth.oauth.httpParameters) } } : {}),
    }),
  ) as PublicConnectionAuth;
}

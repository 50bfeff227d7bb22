import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SsrfGuard } from '../http/ssrf-guard.js';
import type { AwsCredentials } from './eventbridge-target.js';

export interface SdkClientKey {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: AwsCredentials;
}

/**
 * One SDK client per (region, endpoint, credentials): clients hold connection pools and resolved
 * credentials, so building one per delivery would be slow. `maxAttempts: 1` because retries are
 * ours (retry policy, dead-letter), not the SDK's. The key holds a digest of the secret, never the
 * secret itself.
 */
export class SdkClientCache {
  private readonly clients = new Map<string, EventBridgeClient>();

  /**
   * @param guard vets every address the sockets of a client with a custom (tenant-given) endpoint
   * connect to, so a name that resolved to a public address when checked cannot connect to a private
   * one later (DNS rebinding). AWS's own endpoints are left alone: with a VPC endpoint and private
   * DNS they resolve to private addresses on purpose.
   */
  constructor(
    private readonly timeoutMs: number,
    private readonly guard: SsrfGuard,
  ) {}

  get(key: SdkClientKey): EventBridgeClient {
    const id = cacheId(key);
    let client = this.clients.get(id);
    if (!client) {
      client = new EventBridgeClient({
        region: key.region,
        ...(key.endpoint ? { endpoint: key.endpoint } : {}),
        ...(key.credentials ? { credentials: { ...key.credentials } } : {}),
        maxAttempts: 1,
        requestHandler: {
          connectionTimeout: this.timeoutMs,
          requestTimeout: this.timeoutMs,
          ...(key.endpoint
            ? {
                httpAgent: new http.Agent({ keepAlive: true, lookup: this.guard.lookup }),
                httpsAgent: new https.Agent({ keepAlive: true, lookup: this.guard.lookup }),
              }
            : {}),
        },
      });
      this.clients.set(id, client);
    }
    return client;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Destroys every client's sockets. */
  clear(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

function cacheId({ region, endpoint, credentials }: SdkClientKey): string {
  const secret = credentials
    ? createHash('sha256')
        .update(`${credentials.secretAccessKey}\0${credentials.sessionToken ?? ''}`)
        .digest('base64url')
    : '';
  return JSON.stringify([region, endpoint ?? '', credentials?.accessKeyId ?? '', secret]);
}

import { createHash, createHmac, type Hash, type Hmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { ApiKeysService, type Principal } from '#libs/domain';
import { AwsError } from './aws-error.js';

/** The parts of an HTTP request a SigV4 signature covers. */
export interface SignedRequest {
  method: string;
  /** Path and query as received, e.g. `/` or `/?a=b`. */
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

/** AWS's tolerance between the signing time and the server's clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,\s*SignedHeaders=([a-z0-9;-]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * Verifies AWS Signature Version 4 on an EventBridge API request against the secret of the API key
 * named by the access key id, for service `events` in the configured region, and returns the key's
 * principal. The expected signature is computed by `@smithy/signature-v4` (the SDK's own signer)
 * over exactly the headers the client signed, and compared in constant time.
 */
@Injectable()
export class SigV4Verifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: ApiKeysService,
  ) {}

  async verify(req: SignedRequest, now = Date.now()): Promise<Principal> {
    const header = single(req.headers.authorization);
    if (header === undefined)
      throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    const m = AUTHORIZATION.exec(header);
    if (!m)
      throw new AwsError(
        'IncompleteSignatureException',
        'Authorization header requires AWS4-HMAC-SHA256 with Credential, SignedHeaders and Signature.',
      );
    const [, accessKeyId = '', scopeDate, region, service, signedList = '', signature = ''] = m;
    const amzDate = single(req.headers['x-amz-date']) ?? '';
    const d = AMZ_DATE.exec(amzDate);
    if (!d)
      throw new AwsError(
        'IncompleteSignatureException',
        "Authorization header requires an 'X-Amz-Date' header.",
      );
    const signedAt = Date.UTC(
      Number(d[1]),
      Number(d[2]) - 1,
      Number(d[3]),
      Number(d[4]),
      Number(d[5]),
      Number(d[6]),
    );
    if (scopeDate !== amzDate.slice(0, 8))
      throw new AwsError(
        'InvalidSignatureException',
        'Date in Credential scope does not match YYYYMMDD from X-Amz-Date.',
      );
    if (region !== this.config.region)
      throw new AwsError(
        'InvalidSignatureException',
        `Credential should be scoped to a valid region: '${this.config.region}'.`,
      );
    if (service !== 'events')
      throw new AwsError(
        'InvalidSignatureException',
        "Credential should be scoped to correct service: 'events'.",
      );
    const key = await this.keys.findByAccessKeyId(accessKeyId);
    if (!key)
      throw new AwsError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    checkClock(signedAt, amzDate, now);
    const signedHeaders = signedList.split(';');
    if (!signedHeaders.includes('host'))
      throw new AwsError('InvalidSignatureException', "The 'Host' header must be signed.");
    checkPayloadHash(req);
    const expected = await this.expectedSignature(req, signedHeaders, new Date(signedAt), {
      accessKeyId,
      secretAccessKey: key.secretAccessKey,
    });
    if (!expected || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature)))
      throw new AwsError(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      );
    return key.principal;
  }

  private async expectedSignature(
    req: SignedRequest,
    signedHeaders: readonly string[],
    signingDate: Date,
    credentials: { accessKeyId: string; secretAccessKey: string },
  ): Promise<string | undefined> {
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = req.headers[name];
      if (value === undefined) return undefined; // signed a header we did not receive
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const url = new URL(req.url, 'http://placeholder');
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
    }
    const signer = new SignatureV4({
      service: 'events',
      region: this.config.region,
      credentials,
      sha256: NodeSha256,
      // The payload hash is part of the canonical request, never an added header.
      applyChecksum: false,
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: req.method,
        hostname: '',
        path: url.pathname,
        query,
        headers,
        body: req.body,
      }),
      { signingDate, signableHeaders: new Set(signedHeaders) },
    );
    const auth = signed.headers.authorization ?? '';
    const got = /SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
    return got?.[1] === signedHeaders.join(';') ? got[2] : undefined;
  }
}

function checkClock(signedAt: number, amzDate: string, now: number): void {
  const stamp = (t: number) => new Date(t).toISOString().replace(/[-:]|\.\d{3}/g, '');
  if (signedAt < now - MAX_CLOCK_SKEW_MS)
    throw new AwsError(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier than ${stamp(now - MAX_CLOCK_SKEW_MS)} (${stamp(now)} - 15 min.)`,
    );
  if (signedAt > now + MAX_CLOCK_SKEW_MS)
    throw new AwsError(
      'InvalidSignatureException',
      `Signature not yet current: ${amzDate} is still later than ${stamp(now + MAX_CLOCK_SKEW_MS)} (${stamp(now)} + 15 min.)`,
    );
}

/** A client may send the payload hash; the signer would trust it, so it must match the body received. */
function checkPayloadHash(req: SignedRequest): void {
  const claimed = single(req.headers['x-amz-content-sha256']);
  if (claimed === undefined) return;
  if (claimed !== createHash('sha256').update(req.body).digest('hex'))
    throw new AwsError(
      'InvalidSignatureException',
      'The provided x-amz-content-sha256 does not match the body.',
    );
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** SHA-256 and HMAC-SHA-256 from node:crypto in the shape `@smithy/signature-v4` expects. */
class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }

  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

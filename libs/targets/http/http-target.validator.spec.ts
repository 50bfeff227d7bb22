import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpTargetConfig } from './http-target.js';
import { HttpTargetConfigError, validateHttpTarget } from './http-target.validator.js';

const rejects = (config: HttpTargetConfig, message: RegExp, allowPlainHttp = false) =>
  assert.throws(
    () => validateHttpTarget(config, { allowPlainHttp }),
    (error: unknown) => error instanceof HttpTargetConfigError && message.test(error.message),
  );

describe('validateHttpTarget', () => {
  test('accepts a full configuration', () => {
    validateHttpTarget({
      url: 'https://hooks.example.com/in?x=1',
      method: 'PUT',
      headers: { 'X-Custom': 'v', 'Content-Type': 'application/cloudevents+json' },
      timeoutMs: 5_000,
      signingSecrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      connection: {
        id: 'c',
        auth: {
          type: 'oauth-client-credentials',
          tokenUrl: 'https://auth.example.com/token',
          clientId: 'a',
          clientSecret: 'b',
        },
      },
    });
  });

  test('HTTPS only unless plain HTTP is allowed', () => {
    rejects({ url: 'http://hooks.example.com' }, /must use https:/);
    validateHttpTarget({ url: 'http://hooks.example.com' }, { allowPlainHttp: true });
    rejects({ url: 'ftp://hooks.example.com' }, /must use https: or http:/, true);
    rejects({ url: 'not a url' }, /not a valid URL/);
    rejects({ url: 'https://user:pw@hooks.example.com' }, /must not contain credentials/);
  });

  test('CONNECT and TRACE are refused, as by API destinations', () => {
    rejects({ url: 'https://h.example', method: 'TRACE' }, /not allowed/);
    rejects({ url: 'https://h.example', method: 'connect' }, /not allowed/);
    rejects({ url: 'https://h.example', method: 'PO ST' }, /not a valid HTTP method/);
  });

  test('headers the gateway sets cannot be configured', () => {
    rejects({ url: 'https://h.example', headers: { 'Idempotency-Key': 'x' } }, /set by the gateway/);
    rejects({ url: 'https://h.example', headers: { 'bad header': 'x' } }, /not a valid header/);
    rejects({ url: 'https://h.example', headers: { 'x-a': 'line\nbreak' } }, /not a valid header/);
    // The HTTP client would refuse the request; the target is refused when saved instead.
    rejects({ url: 'https://h.example', headers: { Expect: '100-continue' } }, /"Expect" is not supported/);
    // A static Authorization header is fine without connection auth, but not alongside it.
    validateHttpTarget({ url: 'https://h.example', headers: { Authorization: 'Bearer static' } });
    rejects(
      {
        url: 'https://h.example',
        headers: { Authorization: 'Bearer static' },
        connection: { id: 'c', auth: { type: 'basic', username: 'u', password: 'p' } },
      },
      /set by the gateway/,
    );
  });

  test('timeouts, secrets and connection fields are checked', () => {
    rejects({ url: 'https://h.example', timeoutMs: 0 }, /timeoutMs/);
    rejects({ url: 'https://h.example', timeoutMs: 60_001 }, /timeoutMs/);
    rejects({ url: 'https://h.example', signingSecrets: ['plain'] }, /signingSecrets: .*whsec_/);
    rejects(
      {
        url: 'https://h.example',
        connection: { id: '', auth: { type: 'basic', username: 'u', password: 'p' } },
      },
      /connection.id/,
    );
    rejects(
      {
        url: 'https://h.example',
        connection: { id: 'c', auth: { type: 'basic', username: 'a:b', password: 'p' } },
      },
      /":"/,
    );
    rejects(
      {
        url: 'https://h.example',
        connection: { id: 'c', auth: { type: 'api-key', headerName: '', headerValue: 'v' } },
      },
      /headerName/,
    );
    rejects(
      {
        url: 'https://h.example',
        connection: {
          id: 'c',
          auth: {
            type: 'oauth-client-credentials',
            tokenUrl: 'http://a.example',
            clientId: 'a',
            clientSecret: 'b',
          },
        },
      },
      /tokenUrl must use https:/,
    );
  });
});

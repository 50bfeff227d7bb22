import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertErrorShape, useIngestFuzzWorld } from './support/fuzz/ingest-fuzz.js';
import { rawRequest, type RawAnswer } from './support/raw-socket.js';

// POST /ingest/{id} with what Node's HTTP client refuses to send (control characters, malformed
// framing, invalid UTF-8 in headers), written by hand to a raw socket, and with a header block over
// the server's limit: every answer is a 4xx in the {"error":{"code","message"}} shape and nothing
// crashes. The generated requests are in ingest-fuzz.e2e-spec.ts.

describe('ingest fuzzing: bytes on the wire', () => {
  const w = useIngestFuzzWorld();
  const { assertAlive } = w;

  test('a header block over the server limit (16 KiB) → 431 in the JSON error shape', async () => {
    const res = await w.h
      .http()
      .post(w.hmacSource.ingestPath)
      .set('x-signature', `sha256=${'0'.repeat(20_000)}`)
      .send(Buffer.from('{}'));
    assert.equal(res.status, 431);
    assertErrorShape(res.status, res.headers['content-type'], res.text, 'oversized header block');
    await assertAlive();
  });

  /** A raw HTTP/1.1 request, `Connection: close` added. */
  const rawHead = (lines: string[], body = '') =>
    Buffer.from(`${lines.join('\r\n')}\r\nConnection: close\r\n\r\n${body}`, 'latin1');
  const gatewayPort = () => (w.h.gateway.getHttpServer().address() as AddressInfo).port;

  test('bytes Node cannot send (control characters, malformed framing) → 400 in the JSON error shape, no crash', async () => {
    const path = w.hmacSource.ingestPath;
    const cases: Record<string, Buffer> = {
      'a control character in a header value': rawHead([
        `POST ${path} HTTP/1.1`,
        'Host: a',
        'X-Signature: sha256=\x01',
        'Content-Length: 0',
      ]),
      'a NUL in a header value': rawHead([
        `POST ${path} HTTP/1.1`,
        'Host: a',
        'X-Hub-Signature-256: \x00',
        'Content-Length: 0',
      ]),
      'a space in a header name': rawHead([
        `POST ${path} HTTP/1.1`,
        'Host: a',
        'X Signature: 1',
        'Content-Length: 0',
      ]),
      'raw non-ASCII bytes in the path': rawHead([
        `POST /ingest/\xff\xfe HTTP/1.1`,
        'Host: a',
        'Content-Length: 0',
      ]),
      'a non-numeric Content-Length': rawHead([`POST ${path} HTTP/1.1`, 'Host: a', 'Content-Length: abc']),
      'a broken chunked body': rawHead(
        [`POST ${path} HTTP/1.1`, 'Host: a', 'Transfer-Encoding: chunked'],
        'zz\r\n',
      ),
    };
    for (const [what, bytes] of Object.entries(cases)) {
      const answer: RawAnswer = await rawRequest(gatewayPort(), bytes);
      assert.ok(answer.status >= 400 && answer.status < 500, `${what}: ${answer.status}`);
      assertErrorShape(answer.status, answer.headers['content-type'], answer.body, what);
    }
    await assertAlive();
  });

  test('invalid UTF-8 in header values, parameters and body gets an ordinary verdict', async () => {
    const path = w.hmacSource.ingestPath;
    const answer = await rawRequest(
      gatewayPort(),
      rawHead(
        [
          `POST ${path} HTTP/1.1`,
          'Host: a',
          'X-Signature: sha256=\xc3\x28\xff',
          'Content-Type: application/json; charset=\xff',
          'Content-Length: 3',
        ],
        '\xff\xfe\x00',
      ),
    );
    assert.equal(answer.status, 401, answer.body);
    assertErrorShape(answer.status, answer.headers['content-type'], answer.body, 'invalid UTF-8');
    assert.equal(JSON.parse(answer.body).error.code, 'MalformedSignature');
    await assertAlive();
  });
});

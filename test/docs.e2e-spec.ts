import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Validator } from '@seriousme/openapi-schema-validator';
import { launchBrowser } from './support/browser.js';
import { admin, as, createTenant, type Tenant } from './support/fixtures.js';
import { startHarness, type Harness } from './support/harness.js';
import { answerValidator, fastifyPath, type OpenApiDocument } from './support/openapi.js';
import { servedRoutes } from './support/served-routes.js';

// The API reference at /docs: a valid OpenAPI 3.1 document of exactly the routes the gateway
// serves, whose answers match what the gateway answers, and a browsable UI served offline.

describe('the API reference at /docs', () => {
  let h: Harness;
  let t: Tenant;
  let doc: OpenApiDocument;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createTenant(h);
    doc = (await h.http().get('/docs/openapi.json').expect(200)).body as OpenApiDocument;
  });
  after(async () => h?.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ method, path, op })),
    );

  test('GET /docs/openapi.json is a valid OpenAPI 3.1 document, without a token', async () => {
    const res = await h.http().get('/docs/openapi.json').expect(200);
    assert.match(res.headers['content-type'] ?? '', /^application\/json/);
    assert.equal(res.body.openapi, '3.1.0');
    const result = await new Validator().validate(res.body);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.deepEqual(res.body.components.securitySchemes.bearerAuth, {
      type: 'http',
      scheme: 'bearer',
      description: 'The admin token, or a partner or account API key.',
    });
  });

  test('every /v1 route served is documented with its method, and nothing else is', () => {
    const inV1 = (path: string) => path.startsWith('/v1/');
    const served = servedRoutes(
      h.gateway,
      (path) => inV1(path) || path === '/' || path.startsWith('/ingest/'),
    );
    assert.ok(served.includes('POST /v1/accounts'), 'the router was read');
    const documented = operations().map(({ method, path }) => `${method.toUpperCase()} ${fastifyPath(path)}`);
    const v1 = (routes: string[]) => routes.filter((r) => inV1(r.split(' ')[1] ?? '')).sort();
    assert.deepEqual(v1(documented), v1(served));
    // Outside /v1: ingest and the EventBridge-compatible API, both served.
    const others = documented.filter((r) => !inV1(r.split(' ')[1] ?? '')).sort();
    assert.deepEqual(others, ['POST /', 'POST /ingest/:sourceId']);
    for (const route of others) assert.ok(served.includes(route as never), route);
  });

  test('every REST operation says who may call it, how to authenticate, and its errors', () => {
    const schemes = Object.keys(doc.components.securitySchemes);
    for (const { method, path, op } of operations()) {
      const name = `${method.toUpperCase()} ${path}`;
      assert.ok(op.operationId, name);
      for (const requirement of op.security)
        for (const scheme of Object.keys(requirement)) assert.ok(schemes.includes(scheme), name);
      const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      assert.equal(success.length > 0, true, `${name} documents its success`);
      if (!path.startsWith('/v1/')) continue;
      assert.ok(op['x-hookbridge-roles'].length > 0, `${name} names its roles`);
      assert.deepEqual(op.security, [{ bearerAuth: [] }], name);
      for (const status of ['401', '503'])
        assert.deepEqual(
          op.responses[status]?.content?.['application/json']?.schema,
          { $ref: '#/components/schemas/Error' },
          `${name} ${status}`,
        );
    }
    const error = doc.components.schemas.Error as { properties: { error: { required: string[] } } };
    assert.deepEqual(error.properties.error.required, ['code', 'message']);
    assert.deepEqual(doc.paths['/v1/accounts']?.post?.['x-hookbridge-roles'], ['admin']);
    assert.deepEqual(doc.paths['/v1/partner-event-sources']?.post?.['x-hookbridge-roles'], ['partner']);
    assert.deepEqual(doc.paths['/v1/event-buses']?.post?.['x-hookbridge-roles'], ['account']);
    assert.equal(doc.paths['/v1/event-buses/{bus}']?.delete?.responses['204']?.content, undefined);
  });

  test('query parameters and request bodies are the zod schemas the routes validate with', () => {
    const params = doc.paths['/v1/deliveries']?.get?.parameters ?? [];
    const limit = params.find((p) => p.name === 'limit');
    assert.deepEqual(limit, {
      name: 'limit',
      in: 'query',
      required: false,
      description: 'Items per page, 1 to 500 (default 100).',
      schema: { type: 'integer', minimum: 1, maximum: 500 },
    });
    assert.deepEqual(
      params.filter((p) => p.in === 'query').map((p) => p.name),
      ['state', 'bus', 'rule', 'target', 'errorCode', 'from', 'to', 'limit', 'nextToken'],
    );
    const removeTargets = doc.paths['/v1/event-buses/{bus}/rules/{rule}/targets']?.delete?.parameters ?? [];
    assert.equal(removeTargets.find((p) => p.name === 'ids')?.required, true);
    const createBus = doc.paths['/v1/event-buses']?.post?.requestBody;
    assert.equal(createBus?.required, true);
    assert.deepEqual(createBus?.content['application/json']?.schema, {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 256 },
        eventSourceName: { type: 'string', minLength: 1, maxLength: 256 },
        description: { type: 'string', maxLength: 512 },
      },
      required: ['name'],
      additionalProperties: false,
    });
    // A body every member of which is optional may be left out.
    assert.equal(doc.paths['/v1/event-buses/{bus}']?.patch?.requestBody?.required, false);
  });

  test('every request body refuses members it does not declare, at every depth of a fixed shape', () => {
    // Where an object of a body has properties but takes others: the only one is a partner's
    // verification settings, whose other members are the scheme's options (validated per scheme).
    const open: string[] = [];
    const walk = (schema: unknown, at: string): void => {
      if (Array.isArray(schema)) return schema.forEach((s, i) => walk(s, `${at}/${i}`));
      if (!schema || typeof schema !== 'object') return;
      const s = schema as Record<string, unknown>;
      if (s.properties && s.additionalProperties !== false) open.push(at);
      for (const [k, v] of Object.entries(s)) walk(v, `${at}/${k}`);
    };
    let bodies = 0;
    for (const { method, path, op } of operations()) {
      const body = op.requestBody?.content['application/json']?.schema;
      if (!path.startsWith('/v1/') || !body) continue;
      bodies++;
      assert.equal(body.additionalProperties, false, `${method.toUpperCase()} ${path}`);
      walk(body, `${method.toUpperCase()} ${path}`);
    }
    assert.ok(bodies > 20, `${bodies} bodies`);
    assert.deepEqual(open, ['POST /v1/partner-event-sources/properties/verification']);
    // A rule read with GET may be put back: its read-only members are declared, and marked so.
    const putRule = doc.paths['/v1/event-buses/{bus}/rules/{rule}']?.put?.requestBody?.content[
      'application/json'
    ]?.schema.properties as Record<string, { readOnly?: boolean }>;
    assert.deepEqual(
      Object.keys(putRule).filter((k) => putRule[k]?.readOnly),
      ['name', 'arn', 'eventBusName'],
    );
  });

  test("the gateway's answers match their documented schemas", async () => {
    const check = (method: string, path: string, status: number, body: unknown) => {
      const parsed = answerValidator(doc, method, path, status).safeParse(body);
      assert.ok(parsed.success, `${method.toUpperCase()} ${path} ${status}: ${parsed.error?.message}`);
    };
    const account = as(t.accountToken);
    const created = await h.http().post('/v1/accounts').set(admin(h)).send({ name: 'docs' }).expect(201);
    check('post', '/v1/accounts', 201, created.body);
    check('get', '/v1/whoami', 200, (await h.http().get('/v1/whoami').set(account).expect(200)).body);
    const bus = await h.http().post('/v1/event-buses').set(account).send({ name: 'orders' }).expect(201);
    check('post', '/v1/event-buses', 201, bus.body);
    const buses = await h.http().get('/v1/event-buses').set(account).expect(200);
    assert.equal(buses.body.items.length, 2);
    check('get', '/v1/event-buses', 200, buses.body);
    const rule = '/v1/event-buses/orders/rules/big';
    const put = await h
      .http()
      .put(rule)
      .set(account)
      .send({ eventPattern: { source: ['shop'] } });
    check('put', '/v1/event-buses/{bus}/rules/{rule}', 200, put.body);
    check('get', '/v1/event-buses/{bus}/rules/{rule}', 200, (await h.http().get(rule).set(account)).body);
    await h
      .http()
      .put(`${rule}/targets`)
      .set(account)
      .send({
        targets: [
          {
            id: 'hook',
            type: 'http',
            http: { url: 'https://example.com/hook', auth: { type: 'basic', username: 'u', password: 'p' } },
            retryPolicy: { maximumRetryAttempts: 3 },
          },
        ],
      })
      .expect(200);
    const targets = await h.http().get(`${rule}/targets`).set(account).expect(200);
    check('get', '/v1/event-buses/{bus}/rules/{rule}/targets', 200, targets.body);
    const missing = await h.http().get('/v1/event-buses/nope').set(account).expect(404);
    check('get', '/v1/event-buses/{bus}', 404, missing.body);
    const invalid = await h.http().post('/v1/event-buses').set(account).send({ name: '' }).expect(400);
    check('post', '/v1/event-buses', 400, invalid.body);
    check('get', '/v1/event-buses', 401, (await h.http().get('/v1/event-buses').expect(401)).body);
    // And a wrong answer does not pass: the check is not vacuous.
    const wrong = answerValidator(doc, 'get', '/v1/event-buses', 200);
    assert.equal(wrong.safeParse({ items: [{ ...bus.body, extra: 1 }] }).success, false);
    assert.equal(wrong.safeParse({ items: [{ ...bus.body, arn: undefined }] }).success, false);
  });

  test('GET /docs is Swagger UI, served by the gateway itself and without a token', async () => {
    for (const path of ['/docs', '/docs/']) {
      const page = await h.http().get(path).expect(200);
      assert.match(page.headers['content-type'] ?? '', /^text\/html/);
      assert.match(page.headers['content-security-policy'] ?? '', /script-src 'self'/);
      assert.doesNotMatch(page.text, /id="root"/, 'not the dashboard');
      assert.doesNotMatch(page.text, /https?:\/\//, 'nothing from another origin');
      for (const asset of ['/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css', '/docs/swagger-init.js'])
        assert.ok(page.text.includes(`"${asset}"`), `${path} loads ${asset}`);
    }
    const bundle = await h.http().get('/docs/swagger-ui-bundle.js').expect(200);
    assert.match(bundle.headers['content-type'] ?? '', /^text\/javascript/);
    assert.match(bundle.text, /SwaggerUIBundle/);
    const css = await h.http().get('/docs/swagger-ui.css').expect(200);
    assert.match(css.headers['content-type'] ?? '', /^text\/css/);
    const init = await h.http().get('/docs/swagger-init.js').expect(200);
    assert.match(init.text, /url: "\/docs\/openapi\.json"/);
    // Only the UI's own files, and never the dashboard's fallback, under /docs.
    for (const path of ['/docs/package.json', '/docs/index.html', '/docs/..%2fpackage.json', '/docs/a/b']) {
      const res = await h.http().get(path).expect(404);
      assert.equal(res.body.error.code, 'NotFound', path);
    }
  });

  test('in a browser, the UI shows the operations of the document, within its CSP', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const { port } = h.gateway.getHttpServer().address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/docs`);
      const path = page.locator('.opblock-summary-path', {
        hasText: '/v1/event-buses/{bus}/rules/{rule}/targets',
      });
      await path.first().waitFor();
      assert.equal(await path.count(), 3, 'PUT, GET and DELETE …/targets');
      assert.deepEqual(browser.problems, [], 'no console errors (a CSP violation is one)');
    } finally {
      await browser.close();
    }
  });
});

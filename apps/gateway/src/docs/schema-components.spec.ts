import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { SchemaComponents } from './schema-components.js';

describe('SchemaComponents', () => {
  test('a named schema becomes one component that every use refers to', () => {
    const components = new SchemaComponents();
    const item = z.object({ name: z.string() }).meta({ id: 'SpecItem' });
    assert.deepEqual(components.of(z.object({ items: z.array(item) })), {
      type: 'object',
      properties: { items: { type: 'array', items: { $ref: '#/components/schemas/SpecItem' } } },
      required: ['items'],
    });
    assert.deepEqual(components.of(item), { $ref: '#/components/schemas/SpecItem' });
    assert.deepEqual(components.schemas, {
      SpecItem: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    });
  });

  test('two different schemas of one name, converted apart, are refused', () => {
    const components = new SchemaComponents();
    components.of(z.object({ a: z.string() }).meta({ id: 'SpecTwice' }));
    assert.throws(
      () => components.of(z.object({ b: z.string() }).meta({ id: 'SpecTwice' })),
      /Two different schemas are named SpecTwice/,
    );
  });

  test("requests show what the caller sends, without zod's noise; answers stay open", () => {
    const json = new SchemaComponents().of(
      z.object({
        ids: z.string().transform((s) => s.split(',')),
        limit: z.coerce.number().int().min(1).optional(),
        tags: z.record(z.string(), z.string()).optional(),
        never: z.undefined().optional(),
      }),
    );
    assert.deepEqual(json, {
      type: 'object',
      properties: {
        ids: { type: 'string' },
        limit: { type: 'integer', minimum: 1 },
        tags: { type: 'object', additionalProperties: { type: 'string' } },
        never: { not: {} },
      },
      required: ['ids'],
    });
  });
});

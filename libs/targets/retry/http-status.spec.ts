import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpStatusClass, classifyHttpStatus } from './http-status.js';

describe('classifyHttpStatus', () => {
  const table: [number, HttpStatusClass][] = [
    [200, HttpStatusClass.Success],
    [204, HttpStatusClass.Success],
    [100, HttpStatusClass.NonRetryable],
    [301, HttpStatusClass.NonRetryable],
    [400, HttpStatusClass.NonRetryable],
    [401, HttpStatusClass.NonRetryable],
    [403, HttpStatusClass.NonRetryable],
    [404, HttpStatusClass.NonRetryable],
    [408, HttpStatusClass.NonRetryable],
    [410, HttpStatusClass.Gone],
    [429, HttpStatusClass.Retryable],
    [500, HttpStatusClass.Retryable],
    [502, HttpStatusClass.Retryable],
    [503, HttpStatusClass.Retryable],
    [599, HttpStatusClass.Retryable],
  ];
  for (const [status, expected] of table) {
    test(`${status} → ${expected}`, () => assert.equal(classifyHttpStatus(status), expected));
  }
});

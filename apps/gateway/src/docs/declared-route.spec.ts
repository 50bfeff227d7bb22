import 'reflect-metadata';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Body, Controller, Delete, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth } from '../common/auth.guard.js';
import { ZodPipe } from '../common/zod-body.pipe.js';
import { declaredRoute } from './declared-route.js';

const body = z.object({ name: z.string() });
const query = z.object({ force: z.string().optional() });

@Controller('v1/things/:thing/parts')
@Auth('account')
class PartsController {
  @Post()
  create(@Body(new ZodPipe(body)) _b: unknown) {}

  @Delete(':part')
  @HttpCode(204)
  @Auth('admin', 'account')
  remove(@Param('thing') _t: string, @Param('part') _p: string, @Query(new ZodPipe(query)) _q: unknown) {}

  @Post('raw')
  raw(@Body() _b: unknown) {}

  helper() {}
}

describe('declaredRoute', () => {
  test("reads a handler's method, path, status, roles and zod schemas from Nest's metadata", () => {
    const create = declaredRoute(PartsController, 'create');
    // The pipe's schema: the body's, closed to members it does not declare.
    const closedBody = (schema: z.ZodType | undefined) =>
      schema?.safeParse({ name: 'n' }).success === true &&
      schema.safeParse({ name: 'n', other: 1 }).success === false;
    assert.equal(body.safeParse({ name: 'n', other: 1 }).success, true, 'the schema given is not changed');
    assert.deepEqual(
      { ...create, body: closedBody(create.body) },
      {
        method: 'post',
        path: '/v1/things/{thing}/parts',
        pathParams: ['thing'],
        status: 201,
        roles: ['account'],
        body: true,
        query: undefined,
      },
    );
    const remove = declaredRoute(PartsController, 'remove');
    assert.equal(remove.path, '/v1/things/{thing}/parts/{part}');
    assert.deepEqual(remove.pathParams, ['thing', 'part']);
    assert.equal(remove.status, 204);
    assert.deepEqual(remove.roles, ['admin', 'account']);
    assert.deepEqual(z.toJSONSchema(remove.query ?? z.never()), z.toJSONSchema(query.strict()));
    assert.equal(remove.body, undefined);
  });

  test('a body without a ZodPipe, or a method that is no route, cannot be documented', () => {
    assert.throws(() => declaredRoute(PartsController, 'raw'), /PartsController\.raw @Body is not validated/);
    assert.throws(
      () => declaredRoute(PartsController, 'helper'),
      /is not a GET, POST, PUT, PATCH or DELETE route/,
    );
  });
});

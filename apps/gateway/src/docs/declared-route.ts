import { RequestMethod, type Type } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { z } from 'zod';
import { type Role, rolesOf } from '../common/auth.guard.js';
import { ZodPipe } from '../common/zod-body.pipe.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A route as its controller declares it to Nest: what the document derives rather than restates. */
export interface DeclaredRoute {
  method: HttpMethod;
  /** An OpenAPI path template: `/v1/event-buses/{bus}/rules/{rule}`. */
  path: string;
  /** The path parameters, in order. */
  pathParams: string[];
  /** The success status: `@HttpCode`, else Nest's default (201 for POST, 200 otherwise). */
  status: number;
  /** Who may call it (`@Auth`); undefined when it needs no token. */
  roles: Role[] | undefined;
  /** The zod schemas the handler's `@Body` and `@Query` pipes validate with. */
  body?: z.ZodType;
  query?: z.ZodType;
}

const METHODS: Partial<Record<RequestMethod, HttpMethod>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

type Handler = (...args: never[]) => unknown;
type RouteArg = { index: number; data?: unknown; pipes?: unknown[] };

/** Reads the route of `controller.prototype[handler]` from Nest's metadata; throws when it is none. */
export function declaredRoute(controller: Type, handlerName: string): DeclaredRoute {
  const where = `${controller.name}.${handlerName}`;
  const handler = (controller.prototype as Record<string, unknown>)[handlerName];
  if (typeof handler !== 'function') throw new Error(`${where} is not a method`);
  const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  const method = requestMethod === undefined ? undefined : METHODS[requestMethod];
  if (!method) throw new Error(`${where} is not a GET, POST, PUT, PATCH or DELETE route`);
  const path = joinPaths(
    Reflect.getMetadata(PATH_METADATA, controller) as unknown,
    Reflect.getMetadata(PATH_METADATA, handler) as unknown,
    where,
  );
  const status =
    (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
    (method === 'post' ? 201 : 200);
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handlerName) ?? {}) as Record<
    string,
    RouteArg
  >;
  return {
    method,
    path,
    pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? ''),
    status,
    roles: rolesOf(controller, handler as Handler),
    body: validatedWith(args, RouteParamtypes.BODY, `${where} @Body`),
    query: validatedWith(args, RouteParamtypes.QUERY, `${where} @Query`),
  };
}

/** Nest's `v1/event-buses/:bus/rules` + `:rule` as `/v1/event-buses/{bus}/rules/{rule}`. */
function joinPaths(prefix: unknown, path: unknown, where: string): string {
  if (typeof prefix !== 'string' || typeof path !== 'string')
    throw new Error(`${where}: only single string paths can be documented`);
  const joined = [prefix, path]
    .flatMap((p) => p.split('/'))
    .filter((segment) => segment.length > 0)
    .map((segment) => (segment.startsWith(':') ? `{${segment.slice(1)}}` : segment))
    .join('/');
  return `/${joined}`;
}

/**
 * The zod schema of the handler's whole body (or query), from its ZodPipe. A body taken without one
 * could not be documented from its validation, so it is refused here (and so by the docs test).
 */
function validatedWith(args: Record<string, RouteArg>, type: RouteParamtypes, where: string) {
  const found = Object.entries(args).filter(([key]) => key.split(':')[0] === String(type));
  if (found.length === 0) return undefined;
  const [key, arg] = found[0] ?? [];
  if (found.length > 1 || arg?.data !== undefined)
    throw new Error(`${where}: take the whole object once, validated by one ZodPipe (${key})`);
  const pipe = arg?.pipes?.find((p): p is ZodPipe<z.ZodType> => p instanceof ZodPipe);
  if (!pipe) throw new Error(`${where} is not validated with a ZodPipe`);
  return pipe.schema;
}

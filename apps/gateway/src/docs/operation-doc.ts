import type { Type } from '@nestjs/common';
import type { z } from 'zod';

/** Error statuses an operation documents in its own words, beside those derived from its route. */
export type DocumentedErrorStatus = 400 | 404 | 409;

/**
 * What the OpenAPI document says about one route handler beyond what its route declares (method,
 * path, status, roles and the zod schemas of its body and query, which are read from the handler).
 */
export interface OperationDoc {
  summary: string;
  /** Markdown. */
  description?: string;
  /** The schema of the success answer's body; none for a 204. */
  response?: z.ZodType;
  /** When the operation answers these errors, in its own words (e.g. 409: 'a bus of that name exists'). */
  errors?: Partial<Record<DocumentedErrorStatus, string>>;
  /** Descriptions of path parameters that mean something else here than in the controller's `params`. */
  params?: Record<string, string>;
}

/** The names of a controller's public methods: each is a route handler and needs an OperationDoc. */
export type HandlerName<C> = {
  [K in keyof C]: C[K] extends (...args: never[]) => unknown ? K : never;
}[keyof C] &
  string;

/** The documentation of one controller: a tag for its operations and one OperationDoc per handler. */
export interface ControllerDoc<C = unknown> {
  controller: Type<C>;
  /** The tag grouping the controller's operations in the UI. */
  tag: string;
  /** What the tag's operations are about (Markdown). */
  tagDescription?: string;
  /** Descriptions of the path parameters by name (`bus`, `rule`). */
  params?: Record<string, string>;
  operations: Record<HandlerName<C>, OperationDoc>;
}

/**
 * Documents a controller. `operations` must name every public method, so a new handler does not
 * compile without its documentation.
 */
export function documentController<C>(
  controller: Type<C>,
  doc: Omit<ControllerDoc<C>, 'controller'>,
): ControllerDoc<C> {
  return { controller, ...doc };
}

import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** One route the gateway serves: a method and a path template with `:param` segments. */
export interface Route {
  method: string;
  path: string;
  params: string[];
}

/**
 * Every route Fastify actually serves, read from its router (`printRoutes`), so Nest controllers,
 * plain Fastify plugins (ingest, `POST /`, the dashboard) and any route added later are all listed.
 * The tree is printed one node per line: `│   ├── segment (GET, HEAD)`, four columns per level.
 */
export function routeTable(app: NestFastifyApplication): Route[] {
  const printed = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: Route[] = [];
  for (const line of printed.split('\n')) {
    const m = /^(.*?)(?:├── |└── )(\S+)(?: \(([A-Z, ]+)\))?\s*$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    const path = `${stack[depth - 1] ?? ''}${m[2] ?? ''}`;
    stack[depth] = path;
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()))
      if (method) routes.push({ method, path, params: paramsOf(path) });
  }
  if (routes.length === 0) throw new Error(`could not read the route table:\n${printed}`);
  return routes;
}

/** `:name` segments, and `*` for a wildcard. */
export function paramsOf(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)|\*/g)].map((m) => m[1] ?? '*');
}

/** `METHOD /path/:param`, the key of the fill tables. */
export const routeKey = (r: Pick<Route, 'method' | 'path'>): string => `${r.method} ${r.path}`;

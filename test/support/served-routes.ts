import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** One route the gateway serves, as `METHOD /path/:param`. */
export type ServedRoute = `${string} /${string}`;

const LINE = /^((?:[│ ] {3})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/u;

/**
 * The methods and paths the gateway's Fastify router serves that `keep` selects (HEAD left out:
 * Fastify adds it to every GET), read from `printRoutes({ commonPrefix: false })`, whose tree holds
 * one path piece per line. Each route kept is checked with `hasRoute`, so a change of the tree's
 * format fails loudly rather than reading nothing. (Wildcard routes, such as the queue board's
 * static files, print without their static prefix; keep none of those.)
 */
export function servedRoutes(app: NestFastifyApplication, keep: (path: string) => boolean): ServedRoute[] {
  const fastify = app.getHttpAdapter().getInstance();
  const pieces: string[] = [];
  const routes: ServedRoute[] = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`printRoutes line not understood: ${JSON.stringify(line)}`);
    const depth = [...(m[1] ?? '')].length / 4;
    pieces.length = depth;
    pieces.push(m[2] ?? '');
    const path = pieces.join('');
    if (!keep(path)) continue;
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) {
      if (!fastify.hasRoute({ method: method as 'GET', url: path }))
        throw new Error(`read ${method} ${path} from printRoutes, but Fastify has no such route`);
      routes.push(`${method} ${path}` as ServedRoute);
    }
  }
  return routes;
}

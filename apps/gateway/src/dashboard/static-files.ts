import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `vite build apps/dashboard` writes the dashboard: `dist/dashboard`, beside the compiled
 * server (this file runs from `dist/apps/gateway/src/dashboard/`), so the one `dist` folder the
 * Docker image copies carries both.
 */
export const DASHBOARD_ROOT = fileURLToPath(new URL('../../../../dashboard/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/**
 * Reads `relativePath` (already URL-decoded) from under `root`, or undefined when there is no such
 * regular file. Paths that would leave `root` (`..`, absolute paths, NUL) are treated as missing.
 */
export async function readStaticFile(root: string, relativePath: string): Promise<StaticFile | undefined> {
  if (relativePath.includes('\0')) return undefined;
  const base = resolve(root);
  const path = resolve(base, `.${sep}${relativePath}`);
  if (!path.startsWith(base + sep)) return undefined;
  try {
    if (!(await stat(path)).isFile()) return undefined;
    return {
      body: await readFile(path),
      contentType: CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    };
  } catch {
    return undefined;
  }
}

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The dashboard builds into `dist/dashboard` at the repository root, where the gateway serves it
 * from (apps/gateway/src/dashboard). `npm run dev`-style work: `npx vite apps/dashboard` proxies the
 * API to a gateway on :3000.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  resolve: {
    // The target input shaper is pure TypeScript, so the preview runs the very code the worker runs.
    alias: { '@hookbridge/input-shaper': here('../../libs/targets/input/input-shaper.ts') },
  },
  build: {
    outDir: here('../../dist/dashboard'),
    emptyOutDir: true,
    sourcemap: true,
    reportCompressedSize: false,
  },
  server: {
    fs: { allow: [here('../..')] },
    proxy: { '/v1': 'http://localhost:3000', '/ingest': 'http://localhost:3000' },
  },
});

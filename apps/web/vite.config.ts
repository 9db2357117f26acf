import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './precompress.ts';
import { appBuild, pwa } from './pwa.ts';

// `pnpm dev` runs the API server on :3000 and this dev server on :5173, which proxies the API to it.
const api = process.env.API_URL ?? 'http://localhost:3000';

// The Host header passes through unchanged (no changeOrigin), so the API sees the app's own origin and
// accepts cookie-authenticated writes from it.
const proxy = {
  target: api,
  // SSE streams stay open for as long as the tab does: no proxy timeout, and every frame flushed at once.
  timeout: 0,
  proxyTimeout: 0,
  configure: (server: {
    on(event: 'proxyRes', listener: (res: import('node:http').IncomingMessage) => void): void;
  }) => {
    server.on('proxyRes', (res) => {
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.headers['cache-control'] = 'no-cache, no-transform';
        res.headers['x-accel-buffering'] = 'no';
        res.socket?.setNoDelay(true);
      }
    });
  },
};

/**
 * The SPA may only `import type` from the API, except `@adopt/api/topics` and `/words` (values the browser needs too):
 * server code (and its database drivers) must never be bundled.
 */
const typeOnlyApi = {
  name: 'adopt:type-only-api',
  load(id: string) {
    const shared = /[\\/]packages[\\/]api[\\/]src[\\/](topics[\\/]|words\.ts$)/;
    if (/[\\/]packages[\\/](api|db)[\\/]/.test(id) && !shared.test(id)) {
      throw new Error(
        `${id} is server code. Import only types from @adopt/api (\`import type { ... }\`); values from @adopt/api/topics or /words.`,
      );
    }
    return null;
  },
};

export default defineConfig({
  plugins: [react(), typeOnlyApi, pwa(), precompress()],
  define: { 'import.meta.env.APP_BUILD': JSON.stringify(appBuild()) },
  server: {
    port: 5173,
    proxy: { '/trpc': proxy, '/api': proxy },
  },
  build: { sourcemap: true },
});

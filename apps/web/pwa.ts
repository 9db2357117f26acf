import { execFileSync } from 'node:child_process';
import { VitePWA } from 'vite-plugin-pwa';

/** Names this build: the saved offline data of another build is not restored (APP_BUILD, else the commit). */
export function appBuild(): string {
  if (process.env.APP_BUILD) return process.env.APP_BUILD;
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'dev';
  }
}

/** Never the service worker's: tRPC calls and the live stream, health and metrics always go to the server. */
const SERVER_ROUTES = [/^\/trpc\//, /^\/api\//, /^\/metrics$/];

/**
 * The web app manifest (installable on a phone) and a Workbox service worker that precaches the built app, so it
 * opens without a network. 'prompt': a new worker waits until the page lets it in (src/offline/new-version.ts).
 */
export const pwa = () =>
  VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    manifest: {
      name: 'Adopt-a-Street',
      short_name: 'Adopt a Street',
      description: 'Look after your street with your neighbours: posts, clean-up events and tasks.',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      // --green-700 and --bg of src/styles/base.css.
      theme_color: '#1f6b47',
      background_color: '#f5f6f2',
      icons: [
        { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    includeManifestIcons: false,
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,png}'],
      navigateFallback: '/index.html',
      navigateFallbackDenylist: SERVER_ROUTES,
      cleanupOutdatedCaches: true,
    },
  });

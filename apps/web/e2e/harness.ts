// Runs the built server with the built web app and drives Debian's Chromium against it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerProcess, useServerProcess } from '@adopt/server/test/server-process';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type Person, signUp } from './people.ts';

/** The built web app, as `pnpm build` leaves it. */
export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const chromiumBinary = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The built server serving the built web app on a database of its own, started before the enclosing suite and
 * closed after it. Stopped, it starts again on the same port and database; `env` adds to the configuration.
 */
export function useWebServer(env: Record<string, string> = {}): ServerProcess {
  const server = useServerProcess('web-e2e', { WEB_DIST: webDist, SHUTDOWN_GRACE_MS: '1000', ...env });
  beforeAll(async () => {
    const index = path.join(webDist, 'index.html');
    if (!existsSync(index)) throw new Error(`${index} is missing. Run \`pnpm build\` before the browser tests.`);
    await server.start();
  });
  return server;
}

/** Debian's Chromium for the enclosing suite, closed after it; read `browser` inside hooks and tests. */
export function useChromium(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('useChromium: the browser starts in beforeAll; use it inside hooks and tests');
      return browser;
    },
  };
}

/** Why the browser tests cannot run here, or null when Chromium is where they look for it. */
export function chromiumMissing(): string | null {
  if (existsSync(chromiumBinary)) return null;
  return `The browser tests need Chromium at ${chromiumBinary} (Debian: apt-get install chromium, or set CHROMIUM_PATH).`;
}

function chromiumPath(): string {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  return chromiumBinary;
}

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
}

/**
 * A Chromium profile kept on disk (not incognito, as the contexts of `useChromium` are), for what Chromium
 * allows only there, such as installing the app. Close it when done.
 */
export function launchChromiumProfile(userDataDir: string, baseURL: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumArgs,
    baseURL,
  });
}

/**
 * Ann (the first account, so an admin) and Ben, each signed up in a browser context of their own before the
 * suite. The two objects are filled in by beforeAll, so a suite can name them up front.
 */
export function useAnnAndBen(server: ServerProcess, chromium: { readonly browser: Browser }) {
  const ann = {} as Person;
  const ben = {} as Person;
  beforeAll(async () => {
    Object.assign(ann, await signUp(chromium.browser, server.url, 'Ann'));
    Object.assign(ben, await signUp(chromium.browser, server.url, 'Ben'));
  });
  return { ann, ben };
}

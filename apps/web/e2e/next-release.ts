// Another release of the built app without building again: a copy of the build in which the app's script gets a
// new name and a new build id, so index.html, the service worker's precache manifest and sw.js itself change the
// way they change with a new `vite build` (which takes 25-80 s on a loaded machine; this takes milliseconds).
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { precompressFile } from '../precompress.ts';

const ENTRY = /<script type="module"[^>]+src="\/([^"]+)"/;
// OfflineReady's `buster: APP_BUILD`, as the minifier leaves it: saved data of another build is not restored.
const BUILD_ID = /buster:(["'`])[^"'`]+\1/;

/** The app's own script in a build's index.html, e.g. `/assets/index-C5XdCfm_.js`. */
export function scriptIn(dist: string): string {
  const entry = ENTRY.exec(readFileSync(path.join(dist, 'index.html'), 'utf8'))?.[1];
  if (!entry) throw new Error(`${dist}/index.html loads no module script`);
  return `/${entry}`;
}

function replaceOnce(text: string, what: string | RegExp, by: string, where: string): string {
  const found = typeof what === 'string' ? text.includes(what) : what.test(text);
  if (!found) throw new Error(`${where}: ${what} not found; the build's shape changed, see e2e/next-release.ts`);
  return text.replace(what, by);
}

/** Workbox's revision of a file whose URL has no hash in it: the MD5 of its contents. */
const revision = (text: string) => createHash('md5').update(text).digest('hex');

/** Writes to `to` a copy of the build in `from` that is release `release`: a new script, build id and worker. */
export function copyAsRelease(from: string, to: string, release: string): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  const oldEntry = scriptIn(from).slice(1);
  const newEntry = oldEntry.replace(/\.js$/, `-${release}.js`);

  const script = readFileSync(path.join(to, oldEntry), 'utf8');
  writeFileSync(path.join(to, newEntry), replaceOnce(script, BUILD_ID, `buster:"${release}"`, oldEntry));
  for (const suffix of ['', '.br', '.gz', '.map']) rmSync(path.join(to, `${oldEntry}${suffix}`), { force: true });

  const html = replaceOnce(readFileSync(path.join(to, 'index.html'), 'utf8'), oldEntry, newEntry, 'index.html');
  writeFileSync(path.join(to, 'index.html'), html);

  let worker = readFileSync(path.join(to, 'sw.js'), 'utf8');
  worker = replaceOnce(worker, `url:"${oldEntry}"`, `url:"${newEntry}"`, 'sw.js');
  worker = replaceOnce(
    worker,
    /url:"index\.html",revision:"[0-9a-f]+"/,
    `url:"index.html",revision:"${revision(html)}"`,
    'sw.js',
  );
  writeFileSync(path.join(to, 'sw.js'), worker);

  // The server sends the precompressed copies when the browser accepts them: they must be the new files too.
  for (const file of [newEntry, 'index.html', 'sw.js']) precompressFile(path.join(to, file));
}

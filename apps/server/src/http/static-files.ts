import sirv from 'sirv';

/** Vite names what it emits into assets/ by a hash of the content: a new build is a new name. */
const HASHED = /^\/assets\//;

/**
 * The built web app: precompressed `.br` / `.gz` files (made by the web build) go to clients that accept
 * them, with `Vary: Accept-Encoding`; hashed assets are cached for good, the rest (index.html) revalidated.
 */
export function serveWebApp(dir: string) {
  return sirv(dir, {
    single: true,
    etag: true,
    gzip: true,
    brotli: true,
    setHeaders(res, pathname) {
      res.setHeader('Cache-Control', HASHED.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}

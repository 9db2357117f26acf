import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/test-server.ts';

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A plain GET that sends exactly the Accept-Encoding given and leaves the body as it came. */
function get(url: string, acceptEncoding?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {};
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .once('error', reject);
  });
}

describe('the built web app over HTTP (after `pnpm build`)', () => {
  const server = useTestServer({ WEB_DIST: webDist });
  const indexHtml = readFileSync(path.join(webDist, 'index.html'), 'utf8');
  const script = String(/<script[^>]+src="([^"]+\.js)"/.exec(indexHtml)?.[1]);
  const onDisk = readFileSync(path.join(webDist, script));

  it('sends the JavaScript brotli-compressed to a browser that accepts it, decoding to the built file', async () => {
    const answer = await get(`${server.url}${script}`, 'gzip, deflate, br');
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers.vary).toBe('Accept-Encoding');
    expect(answer.body.length).toBeLessThan(onDisk.length / 3);
    expect(brotliDecompressSync(answer.body).equals(onDisk)).toBe(true);
  });

  it('sends gzip to a client without brotli, and the file as it is to one that accepts neither', async () => {
    const gzipped = await get(`${server.url}${script}`, 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).equals(onDisk)).toBe(true);
    const plain = await get(`${server.url}${script}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(onDisk)).toBe(true);
  });

  it('lets browsers keep hashed assets for good and revalidate index.html', async () => {
    expect((await get(`${server.url}${script}`, 'br')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    for (const route of ['/', '/events/123']) {
      const page = await get(`${server.url}${route}`, 'br');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(brotliDecompressSync(page.body).toString()).toBe(indexHtml);
    }
  });

  it('has a favicon that index.html links to', async () => {
    const href = String(/<link rel="icon" href="([^"]+)"/.exec(indexHtml)?.[1]);
    const icon = await get(`${server.url}${href}`);
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.body.toString()).toContain('<svg');
  });

  it('serves the web app manifest as one and has the service worker revalidated, so a new release is found', async () => {
    const href = String(/<link rel="manifest" href="([^"]+)"/.exec(indexHtml)?.[1]);
    const manifest = await get(`${server.url}${href}`);
    expect(manifest.headers['content-type']).toBe('application/manifest+json');
    expect(JSON.parse(manifest.body.toString())).toMatchObject({ display: 'standalone', start_url: '/' });
    const worker = await get(`${server.url}/sw.js`);
    expect(worker.headers['content-type']).toMatch(/^text\/javascript/);
    expect(worker.headers['cache-control']).toBe('no-cache');
  });
});

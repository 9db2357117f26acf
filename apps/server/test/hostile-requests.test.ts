import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpClient, signUp } from './http-client.ts';
import { useTestServer } from './test-server.ts';

const MAX_BODY = 20_000;

interface Answer {
  status: number;
  body: string;
}

/** What a tRPC client reads out of an error answer: `error.data.code` and a message. */
function trpcError(answer: Answer): { code: string; message: string; httpStatus: number } {
  const parsed = JSON.parse(answer.body) as { error: { message: string; data: { code: string; httpStatus: number } } };
  return { code: parsed.error.data.code, message: parsed.error.message, httpStatus: parsed.error.data.httpStatus };
}

/** Exactly this request, over node:http, however odd (methods fetch refuses, raw paths, slow bodies). */
function send(
  url: string,
  init: { method: string; path: string; headers?: Record<string, string | number>; body?: Buffer | string },
): Promise<Answer> {
  // node:http sends a TRACE or DELETE body without a length unless told one.
  const length = init.body !== undefined && !init.headers?.['Transfer-Encoding'] ? Buffer.byteLength(init.body) : null;
  const headers = { ...init.headers, ...(length === null ? {} : { 'Content-Length': length }) };
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${init.path}`, { method: init.method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

describe('hostile requests get a tRPC error a client can read, and change nothing', () => {
  const server = useTestServer({ MAX_BODY_BYTES: MAX_BODY });
  let token = '';
  beforeAll(async () => {
    token = (await signUp(server.url, 'Hostile')).token;
  });
  const auth = () => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
  const postCount = async () => (await httpClient(server.url).posts.list.query({})).items.length;

  it('refuses a too-large mutation through @trpc/client with PAYLOAD_TOO_LARGE naming the limit', async () => {
    const api = httpClient(server.url, { token });
    await expect(api.posts.create.mutate({ body: 'x'.repeat(MAX_BODY) })).rejects.toMatchObject({
      data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 },
      message: `The request body is larger than the limit of ${MAX_BODY} bytes.`,
    });
    expect(await postCount()).toBe(0);
  });

  it('lets a large upload finish sending and then read its 413, instead of a reset', async () => {
    // 4 MB: far more than the socket buffers hold, so the server must read it to be heard.
    const body = JSON.stringify({ body: 'x'.repeat(4_000_000) });
    for (const headers of [auth(), { ...auth(), 'Transfer-Encoding': 'chunked' }]) {
      const answer = await send(server.url, { method: 'POST', path: '/trpc/posts.create', headers, body });
      expect(answer.status).toBe(413);
      expect(trpcError(answer)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('20000') });
    }
    expect(await postCount()).toBe(0);
  });

  it('decodes a gzip body within the limit, refuses one that unpacks past it, and an unknown encoding with 415', async () => {
    const gzip = { ...auth(), 'Content-Encoding': 'gzip' };
    const small = await send(server.url, {
      method: 'POST',
      path: '/trpc/posts.create',
      headers: gzip,
      body: gzipSync(JSON.stringify({ body: 'sent compressed' })),
    });
    expect(small.status).toBe(200);
    expect(JSON.parse(small.body)).toMatchObject({ result: { data: { body: 'sent compressed' } } });

    // 20 MB of spaces packs into about 20 KB: the limit applies to what it unpacks to.
    const bomb = gzipSync(`{"body":"x"${' '.repeat(20_000_000)}}`);
    const unpacked = await send(server.url, { method: 'POST', path: '/trpc/posts.create', headers: gzip, body: bomb });
    expect(unpacked.status).toBe(413);
    expect(trpcError(unpacked).message).toBe(
      `The request body, decoded, is larger than the limit of ${MAX_BODY} bytes.`,
    );

    const corrupt = await send(server.url, {
      method: 'POST',
      path: '/trpc/posts.create',
      headers: gzip,
      body: 'plain',
    });
    expect(corrupt.status).toBe(400);
    expect(trpcError(corrupt)).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The request body is not valid gzip data.',
    });

    const compress = await send(server.url, {
      method: 'POST',
      path: '/trpc/posts.create',
      headers: { ...auth(), 'Content-Encoding': 'compress' },
      body: JSON.stringify({ body: 'x' }),
    });
    expect(compress.status).toBe(415);
    expect(trpcError(compress)).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.stringMatching(/gzip/),
    });
    expect(await postCount()).toBe(1);
  });

  it('answers a malformed procedure path with BAD_REQUEST and an unserved method with METHOD_NOT_SUPPORTED', async () => {
    const garbled = await send(server.url, { method: 'GET', path: '/trpc/posts.%FF' });
    expect(garbled.status).toBe(400);
    expect(trpcError(garbled)).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/percent-encoding/),
    });
    for (const method of ['TRACE', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const answer = await send(server.url, { method, path: '/trpc/posts.list' });
      expect(answer.status, method).toBe(405);
      expect(trpcError(answer), method).toMatchObject({ code: 'METHOD_NOT_SUPPORTED', httpStatus: 405 });
    }
  });

  it('never answers a non-GET request with the web app', async () => {
    const bare = await send(server.url, { method: 'POST', path: '/trpc', headers: auth(), body: '{}' });
    expect(bare.status).toBe(404);
    expect(trpcError(bare)).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/posts\.list/) });
    for (const [method, path] of [
      ['POST', '/'],
      ['PUT', '/events/1'],
      ['DELETE', '/api/health'],
      ['TRACE', '/'],
    ] as const) {
      const answer = await send(server.url, { method, path, body: '{}' });
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(trpcError(answer).code).toBe('METHOD_NOT_SUPPORTED');
    }
  });

  it('answers a query too long for a URL with 431 that @trpc/client reads as a tRPC error', async () => {
    const api = httpClient(server.url);
    await expect(api.posts.list.query({ cursor: 'x'.repeat(40_000) })).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST', httpStatus: 431 },
      message: expect.stringMatching(/URL and headers are larger than \d+ bytes/),
    });
    const flood = await send(server.url, {
      method: 'GET',
      path: '/trpc/posts.list',
      headers: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`x-flood-${i}`, 'y'.repeat(200)])),
    });
    expect(flood.status).toBe(431);
    expect(trpcError(flood)).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 431 });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});

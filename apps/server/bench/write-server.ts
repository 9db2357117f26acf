// Bench only (`pnpm bench --writes`): this project's server, from source, plus POST /bench/raw-post, the feed's
// insert in a transaction of its own with no event log, no points and no key, for the cost of durability.
import type http from 'node:http';
import { createContext } from '@adopt/api';
import { findPost, insertPost } from '@adopt/db';
import pino from 'pino';
import { startServer } from '../src/app.ts';
import { readEnv } from '../src/env.ts';
import { RAW_POST_PATH } from './writes.ts';

async function readJson(req: http.IncomingMessage): Promise<{ body: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString());
}

const running = await startServer(readEnv(), pino({ level: 'silent' }));
const { services, server } = running;

/** Signs the caller in as a tRPC request is (one session read), then inserts and reads back the post. */
async function rawPost(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const { viewer } = await createContext(services, {
    authorization: req.headers.authorization,
    ownOrigin: running.url,
    ip: '127.0.0.1',
    secure: false,
    setCookie: () => {},
  });
  if (!viewer) {
    res.writeHead(401).end();
    return;
  }
  const { body } = await readJson(req);
  const post = await services.db.transaction().execute(async (trx) => {
    const id = crypto.randomUUID();
    await insertPost(trx, { id, authorId: viewer.id, body, createdAt: new Date().toISOString() });
    return findPost(trx, id);
  });
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(post));
}

const [serve] = server.listeners('request') as http.RequestListener[];
server.removeAllListeners('request');
server.on('request', (req, res) => {
  if (req.url !== RAW_POST_PATH) return serve?.call(server, req, res);
  rawPost(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
});
process.stdout.write(`write-server listening ${running.url}\n`);

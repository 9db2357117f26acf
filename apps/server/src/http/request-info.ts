import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { RequestInfo } from '@adopt/api';

function firstHeader(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(',')[0]?.trim() || undefined;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A tRPC batch names its procedures comma-separated in the path: `/trpc/posts.create,posts.like?batch=1`. */
function operationsIn(url: string | undefined): number {
  const path = (url ?? '/').split('?')[0] ?? '';
  return path.split(',').length;
}

/** What the API needs from a Node request; forwarded headers count only behind a trusted proxy. */
export function requestInfo(req: IncomingMessage, res: ServerResponse, trustProxy: boolean): RequestInfo {
  const encrypted = (req.socket as TLSSocket).encrypted === true;
  const proto = (trustProxy && firstHeader(req.headers['x-forwarded-proto'])) || (encrypted ? 'https' : 'http');
  const ip = (trustProxy && firstHeader(req.headers['x-forwarded-for'])) || req.socket.remoteAddress || 'unknown';
  return {
    cookie: req.headers.cookie,
    authorization: req.headers.authorization,
    origin: req.headers.origin,
    ownOrigin: `${proto}://${req.headers.host ?? 'localhost'}`,
    ip,
    secure: proto === 'https',
    idempotencyKey: firstValue(req.headers['idempotency-key']),
    operations: operationsIn(req.url),
    setCookie: (value) => {
      if (!res.headersSent) res.appendHeader('Set-Cookie', value);
    },
  };
}

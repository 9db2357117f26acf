import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { TRPCError } from '@trpc/server';

export interface BodyLimits {
  /** Decoded bytes a body may have. */
  maxBytes: number;
  /** How long the whole body may take to arrive; a trickling upload is cut off after it. */
  timeoutMs: number;
}

const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** Whether the request carries a body at all (a GET usually does not). */
export function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * The body of an oversized upload is read and thrown away up to this much, so the client, still
 * sending, gets to read its 413 instead of a reset. Past it, the connection is closed.
 */
function discardBound(limits: BodyLimits): number {
  return Math.max(1_048_576, 8 * limits.maxBytes);
}

/**
 * Reads the body, decoding a `Content-Encoding` within the same limit (a small gzip cannot unpack into
 * a big body). Rejects with the tRPC error to answer: PAYLOAD_TOO_LARGE naming the limit,
 * UNSUPPORTED_MEDIA_TYPE for an encoding it cannot decode, BAD_REQUEST for a corrupt one, TIMEOUT for a
 * body that does not arrive in time. After a rejection the rest of the body is discarded (bounded).
 */
export function readRequestBody(req: IncomingMessage, limits: BodyLimits): Promise<string> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const tooLarge = (what: string) =>
    new TRPCError({
      code: 'PAYLOAD_TOO_LARGE',
      message: `The request body${what} is larger than the limit of ${limits.maxBytes} bytes.`,
    });
  if (encoding !== 'identity' && !DECODERS[encoding]) {
    discard(req, limits);
    return Promise.reject(
      new TRPCError({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `Content-Encoding "${encoding.slice(0, 40)}" is not supported; send the body as it is, or with gzip, deflate or br.`,
      }),
    );
  }
  if (Number(req.headers['content-length'] ?? 0) > (encoding === 'identity' ? limits.maxBytes : discardBound(limits))) {
    discard(req, limits);
    return Promise.reject(tooLarge(''));
  }

  return new Promise((resolve, reject) => {
    const decoder = encoding === 'identity' ? null : (DECODERS[encoding] as () => Transform)();
    const chunks: Buffer[] = [];
    let raw = 0;
    let decoded = 0;
    let settled = false;
    const fail = (error: TRPCError) => {
      if (settled) return;
      settled = true;
      cleanUp();
      decoder?.destroy();
      discard(req, limits, raw);
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(
          new TRPCError({ code: 'TIMEOUT', message: `The request body did not arrive within ${limits.timeoutMs} ms.` }),
        ),
      limits.timeoutMs,
    );
    const keep = (chunk: Buffer) => {
      decoded += chunk.length;
      if (decoded > limits.maxBytes) fail(tooLarge(decoder ? ', decoded,' : ''));
      else chunks.push(chunk);
    };
    const onData = (chunk: Buffer) => {
      raw += chunk.length;
      if (decoder) {
        if (raw > discardBound(limits)) fail(tooLarge(''));
        else decoder.write(chunk);
      } else keep(chunk);
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      cleanUp();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onEnd = () => (decoder ? decoder.end() : finish());
    const onAborted = () => fail(new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'The client went away.' }));
    function cleanUp() {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onAborted);
    }
    if (decoder) {
      decoder.on('data', keep);
      decoder.once('end', finish);
      decoder.once('error', () =>
        fail(new TRPCError({ code: 'BAD_REQUEST', message: `The request body is not valid ${encoding} data.` })),
      );
    }
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('aborted', onAborted);
  });
}

/** Reads and drops what is left of the body, so the answer reaches the client; closes past the bound. */
function discard(req: IncomingMessage, limits: BodyLimits, alreadyRead = 0): void {
  let read = alreadyRead;
  const bound = discardBound(limits);
  const timer = setTimeout(() => req.socket.destroy(), limits.timeoutMs);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > bound) {
      clearTimeout(timer);
      req.socket.destroy();
    }
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

/** One SSE frame, encoded once and shared by every connection it goes to. */
export interface SseFrame {
  bytes: Buffer;
  /** The same bytes framed as one HTTP/1.1 chunk, for writing past Node's chunked encoder. */
  chunk: Buffer;
}

/**
 * tRPC's SSE wire format, byte for byte as its `sseStreamProducer` writes it: field lines, then a
 * blank line and one spare newline.
 */
function frame(fields: string): SseFrame {
  const bytes = Buffer.from(`${fields}\n\n\n`);
  const chunk = Buffer.allocUnsafe(bytes.length + 16);
  let at = chunk.write(`${bytes.length.toString(16)}\r\n`, 'latin1');
  at += bytes.copy(chunk, at);
  at += chunk.write('\r\n', at, 'latin1');
  return { bytes, chunk: chunk.subarray(0, at) };
}

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
  Vary: 'trpc-accept, accept',
} as const;

export const PING_FRAME = frame('event: ping\ndata: ');
export const RETURN_FRAME = frame('event: return\ndata: ');

/**
 * The first event: tells httpSubscriptionLink the client options, e.g. when to give up on a silent stream,
 * and the EventSource (SSE's own `retry:` field, which tRPC's producer never sends) when to come back.
 */
export function connectedFrame(clientOptions: object, retryMs: number): SseFrame {
  return frame(`event: connected\ndata: ${JSON.stringify(clientOptions)}\nretry: ${retryMs}`);
}

export function errorFrame(shape: unknown): SseFrame {
  return frame(`event: serialized-error\ndata: ${JSON.stringify(shape)}`);
}

/** `json` must be JSON.stringify output: it never holds a raw newline, so it fits one `data:` line. */
export function dataFrame(json: string, id?: string): SseFrame {
  return frame(id === undefined ? `data: ${json}` : `data: ${json}\nid: ${id}`);
}

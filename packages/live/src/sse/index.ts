// @adopt/live/sse: subscriptions over tRPC's SSE wire protocol, written straight to node:http responses.

export { type ConnectionHost, SseConnection } from './connection.ts';
export type { ConnectionLimits, ConnectionOwner } from './connection-registry.ts';
export { connectedFrame, errorFrame, type SseFrame } from './frames.ts';
export { RETRY_HINT_MS } from './retry-hint.ts';
export { SocketBatch } from './socket-batch.ts';
export { SubscriptionResponder, type SubscriptionResponderOptions } from './subscription-responder.ts';
export { listProcedures, type ProcedureEntry, routerConfig } from './trpc-internals.ts';

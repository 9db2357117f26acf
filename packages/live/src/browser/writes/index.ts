export { KEY_LIFETIME_MS } from './key-lifetime.ts';
export { type OverlayOn, overlayList, overlayPages, overlaySnapshot } from './overlay.ts';
export { unsettledCount, waitingCount } from './queue-order.ts';
export type { OptimisticChange, Pending, Write, WriteContext, WriteRule, WriteRules, WriteState } from './write.ts';
export { type SendFailure, WriteQueue, type WriteQueueOptions } from './write-queue.ts';

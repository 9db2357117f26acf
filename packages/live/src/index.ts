// @adopt/live: durable live data for a tRPC app, generic over its topics and viewer rights.
export type { Delivery, EventLogReader, LogRow, ResyncEvent } from './delivery.ts';
export { type AudienceRule, EventBus, type EventBusOptions, type SubscribeOptions } from './event-bus.ts';
export { endedStreamError, LiveStream } from './live-stream.ts';
export type { Scope } from './scope.ts';
export {
  type DeliverySink,
  type EndReason,
  Subscription,
  SubscriptionEnded,
  type ViewerState,
} from './subscription.ts';

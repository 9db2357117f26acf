// @adopt/live/listen: PostgreSQL LISTEN/NOTIFY wake-ups, so commits on any instance reach this one's bus.

export { loadPg } from './load-pg.ts';
export { listenForWakeUps, type WakeListener, type WakeListenerOptions } from './wake-listener.ts';

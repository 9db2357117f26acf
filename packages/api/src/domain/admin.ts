import { readEventLogBounds } from '@adopt/db';
import type { Services } from '../services.ts';

export interface AdminStats {
  /** Open live subscriptions on this instance. */
  totalClients: number;
  /** Topics with at least one subscriber. */
  totalTopics: number;
  /** Subscribers per topic (a multiplexed subscription counts once for each of its topics). */
  topics: Record<string, number>;
  /** The newest event in the log and the oldest id a client can still resume after. */
  eventLog: { lastEventId: string; trimmedThrough: string };
  /** Events the bus handed to subscribers, and subscribers cut off for falling behind, since this instance started. */
  deliveries: number;
  dropped: number;
}

/** Cheap figures only: in-memory counters and one single-row read. */
export async function readAdminStats(services: Services): Promise<AdminStats> {
  const { totalClients, topics } = services.connectionStats();
  const bounds = await readEventLogBounds(services.db);
  return {
    totalClients,
    totalTopics: Object.keys(topics).length,
    topics,
    eventLog: { lastEventId: String(bounds.lastId), trimmedThrough: String(bounds.trimmedThrough) },
    deliveries: services.bus.stats.deliveries,
    dropped: services.bus.stats.dropped,
  };
}

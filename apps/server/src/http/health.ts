import type { Services } from '@adopt/api';
import { sql } from 'kysely';

export interface Health {
  status: 'ok' | 'degraded';
  services: {
    db: 'ok' | 'unavailable';
    sse: { totalClients: number; totalTopics: number; topics: Record<string, number> };
  };
}

export async function readHealth(services: Services): Promise<Health> {
  let db: Health['services']['db'] = 'ok';
  try {
    await sql`select 1`.execute(services.db);
  } catch {
    db = 'unavailable';
  }
  const { totalClients, topics } = services.connectionStats();
  return {
    status: db === 'ok' ? 'ok' : 'degraded',
    services: { db, sse: { totalClients, totalTopics: Object.keys(topics).length, topics } },
  };
}

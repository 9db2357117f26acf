import type { Services } from '@adopt/api';
import { sql } from 'kysely';
import type { BackupHealth } from '../backup/backup-schedule.ts';

export interface Health {
  status: 'ok' | 'degraded';
  services: {
    db: 'ok' | 'unavailable';
    sse: { totalClients: number; totalTopics: number; topics: Record<string, number> };
    /** A failed backup is shown, not turned into a 503: the app itself still serves. */
    backup: BackupHealth;
  };
}

export async function readHealth(services: Services, backup: BackupHealth = { status: 'off' }): Promise<Health> {
  let db: Health['services']['db'] = 'ok';
  try {
    await sql`select 1`.execute(services.db);
  } catch {
    db = 'unavailable';
  }
  const { totalClients, topics } = services.connectionStats();
  return {
    status: db === 'ok' ? 'ok' : 'degraded',
    services: { db, sse: { totalClients, totalTopics: Object.keys(topics).length, topics }, backup },
  };
}

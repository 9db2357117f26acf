import { type Audience, canSee } from '@adopt/api';
import SQLite from 'better-sqlite3';

/** One committed event as the database holds it: the source of truth a stream is compared with. */
export interface LoggedEvent {
  id: number;
  topic: string;
  type: string;
  recordId: string;
  event: any;
  audience: Audience;
}

/** Opens the server's SQLite file read-only, beside the running (or killed) server. */
export function openDatabaseFile(path: string): SQLite.Database {
  return new SQLite(path, { readonly: true, fileMustExist: true });
}

export function readEventLog(path: string, afterId = 0): LoggedEvent[] {
  const db = openDatabaseFile(path);
  try {
    const rows = db
      .prepare('select id, topic, type, record_id, payload, audience from event_log where id > ? order by id')
      .all(afterId) as {
      id: number;
      topic: string;
      type: string;
      record_id: string;
      payload: string;
      audience: string;
    }[];
    return rows.map((row) => ({
      id: Number(row.id),
      topic: row.topic,
      type: row.type,
      recordId: row.record_id,
      event: JSON.parse(row.payload),
      audience: JSON.parse(row.audience),
    }));
  } finally {
    db.close();
  }
}

export interface Viewer {
  userId: string | null;
  role: 'member' | 'admin' | null;
}

/** What a subscriber to `topics` may see of the log, in order: exactly what its stream must carry. */
export function visibleTo(log: LoggedEvent[], topics: readonly string[], viewer: Viewer): LoggedEvent[] {
  return log.filter((e) => topics.includes(e.topic) && canSee(e.audience, viewer));
}

/** Ids are strictly increasing: in order and none twice. */
export function strictlyIncreasing(ids: readonly number[]): boolean {
  return ids.every((id, i) => i === 0 || id > (ids[i - 1] as number));
}

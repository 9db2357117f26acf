import { createRequire } from 'node:module';
import type Pg from 'pg';

/**
 * The PostgreSQL client, loaded on first use: it costs a process about 15 MB of RSS, and one process on
 * SQLite (the Raspberry Pi) never needs it. The one loader, for the pool (@adopt/db) and LISTEN alike.
 */
export function loadPg(): typeof Pg {
  return createRequire(import.meta.url)('pg');
}

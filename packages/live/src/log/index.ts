// @adopt/live/log: the event log's tables, migrations and queries.
export * from './event-log.ts';
export { codeUnitOrder, migrateLiveTables, runMigrations } from './migrations.ts';
export type { EventLogRow, EventLogStateTable, EventLogTable, LiveTables } from './tables.ts';

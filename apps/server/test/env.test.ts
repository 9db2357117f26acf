import { describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.ts';

describe('configuration from the environment', () => {
  it('has defaults that run SQLite on port 3000', () => {
    const env = readEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATABASE_PATH: 'data/adopt-a-street.db' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('has database timeouts a person would expect, and takes others', () => {
    expect(readEnv({})).toMatchObject({
      PG_CONNECT_TIMEOUT_MS: 5000,
      PG_STATEMENT_TIMEOUT_MS: 10_000,
      PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: 10_000,
      SQLITE_LOCK_TIMEOUT_MS: 5000,
    });
    expect(readEnv({ PG_STATEMENT_TIMEOUT_MS: '2500' }).PG_STATEMENT_TIMEOUT_MS).toBe(2500);
    expect(() => readEnv({ PG_CONNECT_TIMEOUT_MS: '0', SQLITE_LOCK_TIMEOUT_MS: 'soon' })).toThrow(
      /PG_CONNECT_TIMEOUT_MS[\s\S]*SQLITE_LOCK_TIMEOUT_MS/,
    );
  });

  it('names every bad value', () => {
    expect(() => readEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(
      /PORT[\s\S]*DATABASE_URL: DATABASE_URL must start with postgres:\/\/[\s\S]*LOG_LEVEL/,
    );
  });

  it('names a bad backup setting', () => {
    expect(() => readEnv({ BACKUP_INTERVAL_MINUTES: 'hourly', BACKUP_KEEP: '0' })).toThrow(
      /BACKUP_INTERVAL_MINUTES[\s\S]*BACKUP_KEEP/,
    );
  });
});

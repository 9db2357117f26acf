import { describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.ts';

describe('configuration from the environment', () => {
  it('has defaults that run SQLite on port 3000', () => {
    const env = readEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATABASE_PATH: 'data/adopt-a-street.db' });
    expect(env.DATABASE_URL).toBeUndefined();
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

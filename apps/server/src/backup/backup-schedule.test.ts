import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { until } from '@adopt/db/test/until';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/test-server.ts';
import type { Health } from '../http/health.ts';
import { listBackups } from './backup-files.ts';

/** A tenth of a second between backups, so the schedule runs several times within a test. */
const OFTEN = 0.1 / 60;

describe('scheduled backups', () => {
  const elsewhere = mkdtempSync(path.join(tmpdir(), 'adopt-a-street-backups-'));
  let server: TestServer | undefined;
  afterEach(() => server?.close());
  afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

  const backupHealth = async () => {
    const response = await fetch(`${server?.url}/api/health`);
    const health = (await response.json()) as Health;
    return { code: response.status, backup: health.services.backup };
  };

  it('run on their interval into BACKUP_DIR and keep only the newest BACKUP_KEEP', async () => {
    const folder = path.join(elsewhere, 'usb-disk');
    server = await startTestServer({ BACKUP_INTERVAL_MINUTES: OFTEN, BACKUP_KEEP: 2, BACKUP_DIR: folder });
    await until('a backup has been written', async () => (await backupHealth()).backup.status === 'ok');
    const first = listBackups(folder).at(-1);
    await until('the first backup has been pruned', () => !listBackups(folder).includes(String(first)), 10_000);
    expect(listBackups(folder)).toHaveLength(2);
  });

  it('show a failed backup in health while the server keeps serving', async () => {
    const notAFolder = path.join(elsewhere, 'a-file');
    writeFileSync(notAFolder, 'not a folder');
    server = await startTestServer({ BACKUP_INTERVAL_MINUTES: OFTEN, BACKUP_DIR: path.join(notAFolder, 'backups') });
    await until('a backup has failed', async () => (await backupHealth()).backup.status === 'failed');
    const { code, backup } = await backupHealth();
    expect(code).toBe(200);
    expect(backup).toMatchObject({ reason: 'ENOTDIR: see the server log', lastBackupAt: null });
  });
});

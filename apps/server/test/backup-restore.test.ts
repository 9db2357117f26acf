import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Api } from '@adopt/api/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { httpClient, signUp } from './http-client.ts';
import { useServerProcess } from './server-process.ts';

const run = promisify(execFile);
const adminScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/admin.js');

interface Received {
  id: string | undefined;
  type: string;
}

/** The stock client's `live.onChange` on posts: what it received, and a way to wait for more. */
function watchPosts(api: Api, lastEventId: string | null) {
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  const subscription = api.live.onChange.subscribe(
    { topics: ['posts'], lastEventId },
    {
      onData: ({ id, data }) => {
        received.push({ id, type: data.type });
        for (const wake of waiters) wake();
      },
    },
  );
  const until = (check: () => boolean, what: string, ms = 15_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(received)}`)),
        ms,
      );
      const wake = () => {
        if (!check()) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      waiters.add(wake);
      wake();
    });
  return { received, until, stop: () => subscription.unsubscribe() };
}

const afterResyncOf = (received: Received[]) => received.slice(received.findIndex((r) => r.type === 'resync') + 1);

async function countPosts(api: Api): Promise<number> {
  let count = 0;
  let cursor: string | null | undefined;
  do {
    const page = await api.posts.list.query({ cursor, limit: 100 });
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

describe('backup and restore', () => {
  const server = useServerProcess('backup');
  const scratch = mkdtempSync(path.join(tmpdir(), 'adopt-a-street-restore-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const admin = (env: Record<string, string>, ...args: string[]) =>
    run(process.execPath, [adminScript, ...args], { env: { ...process.env, ...env } });

  it('takes a consistent backup under write load; after a restore into a fresh folder every open client resyncs', async () => {
    await server.start();
    const writer = await signUp(server.url, 'Writer');
    await writer.api.posts.create.mutate({ body: 'before the backup' });
    const early = (await writer.api.posts.list.query({})).lastEventId;
    const open = watchPosts(writer.api, String(early));

    // Writes keep landing while the backup is taken: the backup must hold a whole prefix of them.
    let writing = true;
    let written = 1;
    /** The writer's points once it had written n posts: what a consistent backup of n posts must show. */
    const pointsAfter = new Map<number, number>();
    const load = (async () => {
      while (writing) {
        await writer.api.posts.create.mutate({ body: `post ${written}` });
        written += 1;
        pointsAfter.set(written, (await writer.api.rewards.mine.query()).points);
      }
    })();
    await open.until(() => open.received.length >= 5, 'writes before the backup');
    const { stdout } = await admin({ DATABASE_PATH: server.databasePath }, 'backup', '--to', path.join(scratch, 'bk'));
    const writtenDuringBackup = written;
    await open.until(() => written >= writtenDuringBackup + 5, 'writes after the backup');
    writing = false;
    await load;
    const backupFile = /Backup written to (.+)\.\n/.exec(stdout)?.[1];
    expect(backupFile).toBeDefined();
    await open.until(() => open.received.length >= written - 1, 'every write on the open stream');
    const lastBeforeRestore = open.received.at(-1)?.id;

    await server.stop('SIGTERM');
    // The SD card died: the backup goes into a fresh folder and the server starts on it, same address.
    const freshDatabase = path.join(scratch, 'fresh', 'app.db');
    const restored = await admin({ DATABASE_PATH: freshDatabase }, 'restore', String(backupFile));
    expect(restored.stdout).toContain(`Restored ${backupFile} into ${freshDatabase}.`);
    await server.start({ DATABASE_PATH: freshDatabase });

    // The open client reconnects by itself with its lastEventId from after the backup: it is told to resync.
    await open.until(() => open.received.some((r) => r.type === 'resync'), 'the open client to resync');
    expect(afterResyncOf(open.received)).toEqual([]);
    // A client resuming from before the backup is told to resync too, never handed events of a mixed history.
    const fromBefore = watchPosts(httpClient(server.url, { token: writer.token }), String(early));
    await fromBefore.until(() => fromBefore.received.length > 0, 'the early client to resync');
    expect(fromBefore.received[0]?.type).toBe('resync');

    const kept = await countPosts(writer.api);
    expect(kept).toBeGreaterThan(5);
    expect(kept).toBeLessThan(written);
    // Consistent: the points of every kept post, and none of a post the backup does not hold.
    expect((await writer.api.rewards.mine.query()).points).toBe(pointsAfter.get(kept));

    await writer.api.posts.create.mutate({ body: 'after the restore' });
    await open.until(() => afterResyncOf(open.received).length === 1, 'the new post on the resynced stream');
    expect(Number(afterResyncOf(open.received)[0]?.id)).toBeGreaterThan(Number(lastBeforeRestore));
    open.stop();
    fromBefore.stop();
  });

  it('refuses to restore over a database a running server has open, and refuses a file that is no backup', async () => {
    await server.stop();
    await server.start();
    const env = { DATABASE_PATH: server.databasePath };
    const { stdout } = await admin(env, 'backup', '--to', path.join(scratch, 'bk2'));
    const backupFile = String(/Backup written to (.+)\.\n/.exec(stdout)?.[1]);
    await expect(admin(env, 'restore', backupFile)).rejects.toMatchObject({
      stderr: expect.stringContaining('is open in a running server. Stop it first'),
    });
    await expect(admin(env, 'restore', adminScript)).rejects.toMatchObject({
      stderr: expect.stringContaining('is not a readable database'),
    });
    await server.stop('SIGTERM');
  });
});

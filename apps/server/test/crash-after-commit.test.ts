import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { usePostgresDatabase } from '../../../packages/db/test/postgres.ts';
import { signUp } from './http-client.ts';
import { useServerProcess } from './server-process.ts';

const databases = [
  { name: 'SQLite', url: () => undefined },
  { name: 'PostgreSQL', url: usePostgresDatabase },
] as const;

describe.each(databases)('a write whose server dies between commit and answer, on $name', ({ name, url }) => {
  const database = url();
  const server = useServerProcess(`crash-after-commit-${name}`);

  it('is answered by a retry with its key after the restart, and exists once', async () => {
    const env: Record<string, string> = database ? { DATABASE_URL: database.url } : {};
    const key = randomUUID();
    // The fault point (TEST_SIGKILL_AFTER_COMMIT_OF_KEY) kills the process once this key's write has committed.
    await server.start({ ...env, TEST_SIGKILL_AFTER_COMMIT_OF_KEY: key });
    const ada = await signUp(server.url, 'Ada');
    const create = () => ada.api.posts.create.mutate({ body: 'Lost answer' }, { context: { idempotencyKey: key } });

    await expect(create()).rejects.toThrow(/fetch failed/);
    expect(await server.exited).toBe('SIGKILL');
    await server.start(env);

    const answer = await create();
    expect(await create()).toEqual(answer);
    const { items, lastEventId } = await ada.api.posts.list.query({ limit: 10 });
    const { lastEventId: committedAt, ...post } = answer;
    expect(items).toEqual([post]);
    // The answer names the event the first attempt's commit appended, which the restarted log still holds.
    expect(Number(committedAt)).toBeGreaterThan(0);
    expect(Number(committedAt)).toBeLessThanOrEqual(Number(lastEventId));
  });
});

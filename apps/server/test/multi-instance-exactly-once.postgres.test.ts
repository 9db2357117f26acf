import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { TRPCClientError } from '@trpc/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../packages/db/test/until.ts';
import { httpClient, type Person, signUp } from './http-client.ts';
import type { TestServer } from './test-server.ts';
import { useTwoInstances } from './two-instances.ts';

/** Sends one keyed posts.create and closes the connection once the request is sent: its answer is lost. */
function createAndHangUp(url: string, person: Person, key: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/trpc/posts.create`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${person.token}`,
        'Idempotency-Key': key,
      },
    });
    request.on('error', (error) =>
      (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(error),
    );
    request.end(JSON.stringify({ body }), () => {
      request.destroy();
      resolve();
    });
  });
}

describe('an Idempotency-Key across two server instances on one PostgreSQL', () => {
  const database = useTwoInstances();
  let a: TestServer;
  let b: TestServer;
  let ann: Person;

  beforeAll(async () => {
    ({ a, b } = database);
    ann = await signUp(a.url, 'Ann');
  });

  const postsWith = async (body: string) =>
    (await ann.api.posts.list.query({ limit: 100 })).items.filter((p) => p.body === body);
  const createOn = (server: TestServer, key: string, body: string) =>
    httpClient(server.url, { token: ann.token, ip: ann.ip }).posts.create.mutate(
      { body },
      { context: { idempotencyKey: key } },
    );

  it('answers a retry on instance B with what instance A committed for a request whose answer was lost', async () => {
    const key = randomUUID();
    const body = 'Answer lost on A';
    await createAndHangUp(a.url, ann, key, body);
    await until('instance A has committed the post', async () => (await postsWith(body)).length > 0);

    const retried = await createOn(b, key, body);
    const { lastEventId, ...post } = retried;
    expect(await postsWith(body)).toEqual([post]);
    expect(Number(lastEventId)).toBeGreaterThan(0);
    expect(await createOn(a, key, body)).toEqual(retried);
  });

  it('lets a duplicate sent to both instances at once land once: the others get CONFLICT or the same answer', async () => {
    for (let round = 0; round < 5; round++) {
      const key = randomUUID();
      const body = `Sent to both, round ${round}`;
      const attempts = await Promise.allSettled([a, b, a, b].map((server) => createOn(server, key, body)));
      const answers = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [attempt.value] : []));
      const codes = attempts.flatMap((attempt) =>
        attempt.status === 'rejected' ? [(attempt.reason as TRPCClientError<any>).data?.code] : [],
      );
      expect(
        codes.every((code) => code === 'CONFLICT'),
        `refused with ${codes.join(', ')}`,
      ).toBe(true);
      expect(answers.length).toBeGreaterThan(0);
      for (const answer of answers) expect(answer).toEqual(answers[0]);
      expect(await postsWith(body)).toHaveLength(1);
    }
  });
});

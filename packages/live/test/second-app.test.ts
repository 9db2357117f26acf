import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { afterEach, describe, expect, it } from 'vitest';
import { type ExampleEvent, type ExampleRouter, type ExampleServer, startExample } from '../example/server.ts';

/** The stock tRPC client, signed in as `user` through the example's `x-user` header. */
function client(url: string, user: string) {
  const headers = { 'x-user': user };
  return createTRPCClient<ExampleRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${url}/trpc`,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, ...headers } }),
          }),
        }),
        false: httpLink({ url: `${url}/trpc`, headers }),
      }),
    ],
  });
}

interface Received {
  id: string;
  event: ExampleEvent;
}

/** Subscribes and collects what arrives; `next(n)` waits until `n` events have arrived in all. */
function listen(api: ReturnType<typeof client>, lastEventId?: string) {
  const events: Received[] = [];
  let wake = () => {};
  let started = () => {};
  // The server attaches the subscription before it sends `connected`, which is when onStarted fires.
  const attached = new Promise<void>((resolve) => {
    started = resolve;
  });
  const sub = api.onChange.subscribe(
    { lastEventId: lastEventId ?? null },
    {
      onStarted: () => started(),
      onData: ({ id, data }) => {
        events.push({ id, event: data as ExampleEvent });
        wake();
      },
    },
  );
  const next = (n: number) =>
    new Promise<Received[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${events.length} of ${n} events arrived`)), 5000);
      wake = () => {
        if (events.length < n) return;
        clearTimeout(timer);
        resolve(events);
      };
      wake();
    });
  return { events, next, attached, stop: () => sub.unsubscribe() };
}

const texts = (events: Received[]) => events.map(({ event }) => event.text);

describe('a second app on @adopt/live (notes for all, inbox for one, SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'live-example-'));
  const file = join(dir, 'example.sqlite');
  let server: ExampleServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('delivers live, keeps inbox messages to their recipient, and resumes after a re-open with nothing lost or doubled', async () => {
    server = await startExample(file);
    const bob = client(server.url, 'bob');
    const carol = client(server.url, 'carol');
    const bobSees = listen(bob);
    const carolSees = listen(carol);
    await Promise.all([bobSees.attached, carolSees.attached]);
    await bob.sendMessage.mutate({ to: 'carol', text: 'for carol only' });
    await bob.addNote.mutate({ text: 'note 1' });
    expect(texts(await carolSees.next(2))).toEqual(['for carol only', 'note 1']);
    // Events arrive in id order, so once bob has the later note he would already have any leaked message.
    expect(texts(await bobSees.next(1))).toEqual(['note 1']);
    const resumeFrom = bobSees.events[0]?.id as string;
    bobSees.stop();
    carolSees.stop();

    await bob.addNote.mutate({ text: 'note 2' });
    await bob.sendMessage.mutate({ to: 'bob', text: 'for bob' });
    await server.close();
    server = await startExample(file);

    const bobAgain = client(server.url, 'bob');
    const resumed = listen(bobAgain, resumeFrom);
    expect(texts(await resumed.next(2))).toEqual(['note 2', 'for bob']);
    await bobAgain.addNote.mutate({ text: 'note 3' });
    expect(texts(await resumed.next(3))).toEqual(['note 2', 'for bob', 'note 3']);
    const ids = resumed.events.map(({ id }) => Number(id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBeGreaterThan(Number(resumeFrom));
    resumed.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});

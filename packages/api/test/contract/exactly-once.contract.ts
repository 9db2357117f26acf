import { randomUUID } from 'node:crypto';
import { listProcedures } from '@adopt/live/sse';
import { describe, expect, it } from 'vitest';
import type { LiveMessage } from '../../src/live/topics.ts';
import { appRouter } from '../../src/root.ts';
import type { Api, ContractTarget } from './client.ts';
import { expectDatabaseUnchanged, expectTrpcError } from './expect.ts';
import { type AppHandle, listen, type Person, useApp } from './setup.ts';

/** One mutation's first call: who calls it, with what. */
interface RetryCase {
  caller: Api;
  input: unknown;
  /** Waits for what the first call set going in the background (a job) before the retry is compared. */
  settle?: (first: unknown) => Promise<unknown>;
}

type Setup = (app: AppHandle & { admin: () => Person }) => Promise<RetryCase>;

const nextWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
const eventFields = () => ({
  title: 'Litter pick',
  description: 'Bags provided',
  startsAt: nextWeek(),
  location: 'Elm St',
});
const password = 'correct horse';

/** Every mutation of the router, with a first call to retry; a mutation missing here fails the suite. */
const cases: Record<string, Setup> = {
  'auth.register': async (app) => ({
    caller: app.anonymous(),
    input: { email: `new-${randomUUID().slice(0, 8)}@example.org`, name: 'New', password },
  }),
  'auth.login': async (app) => {
    const email = `back-${randomUUID().slice(0, 8)}@example.org`;
    await app.anonymous().auth.register.mutate({ email, name: 'Back', password });
    return { caller: app.anonymous(), input: { email, password } };
  },
  'auth.logout': async (app) => {
    // Once signed out the caller is no longer that viewer; the retry runs as nobody and changes nothing.
    const { api } = await app.signUp('Leaving');
    return { caller: api, input: undefined };
  },
  'posts.create': async (app) => ({ caller: (await app.signUp()).api, input: { body: 'Spring clean Sunday' } }),
  'posts.like': async (app) => {
    const post = await app.admin().api.posts.create.mutate({ body: 'Like me' });
    return { caller: (await app.signUp()).api, input: { id: post.id } };
  },
  'posts.unlike': async (app) => {
    const post = await app.admin().api.posts.create.mutate({ body: 'Like me, then not' });
    const { api } = await app.signUp();
    await api.posts.like.mutate({ id: post.id });
    return { caller: api, input: { id: post.id } };
  },
  'comments.create': async (app) => {
    const post = await app.admin().api.posts.create.mutate({ body: 'Say something' });
    return { caller: (await app.signUp()).api, input: { postId: post.id, body: 'Count me in' } };
  },
  'comments.delete': async (app) => {
    const post = await app.admin().api.posts.create.mutate({ body: 'Say something else' });
    const { api } = await app.signUp();
    const comment = await api.comments.create.mutate({ postId: post.id, body: 'Changed my mind' });
    return { caller: api, input: { id: comment.id } };
  },
  'posts.delete': async (app) => {
    const { api } = await app.signUp();
    const post = await api.posts.create.mutate({ body: 'Gone soon' });
    return { caller: api, input: { id: post.id } };
  },
  'events.create': async (app) => ({ caller: (await app.signUp()).api, input: eventFields() }),
  'events.update': async (app) => {
    const { api } = await app.signUp();
    const draft = await api.events.create.mutate(eventFields());
    return { caller: api, input: { id: draft.id, location: 'Oak St' } };
  },
  'events.publish': async (app) => {
    const { api } = await app.signUp();
    const draft = await api.events.create.mutate(eventFields());
    return { caller: api, input: { id: draft.id } };
  },
  'events.cancel': async (app) => {
    const { api } = await app.signUp();
    const draft = await api.events.create.mutate(eventFields());
    await api.events.publish.mutate({ id: draft.id });
    return { caller: api, input: { id: draft.id } };
  },
  'events.rsvp': async (app) => {
    const { api } = await app.signUp();
    const event = await api.events.create.mutate(eventFields());
    await api.events.publish.mutate({ id: event.id });
    return { caller: (await app.signUp()).api, input: { id: event.id, going: true } };
  },
  'tasks.create': async (app) => ({ caller: (await app.signUp()).api, input: { title: 'Sweep the square' } }),
  'tasks.update': async (app) => {
    const { api } = await app.signUp();
    const task = await api.tasks.create.mutate({ title: 'Fix the sign' });
    return { caller: api, input: { id: task.id, status: 'done' } };
  },
  'tasks.delete': async (app) => {
    const { api } = await app.signUp();
    const task = await api.tasks.create.mutate({ title: 'Not needed' });
    return { caller: api, input: { id: task.id } };
  },
  'streets.create': async (app) => ({ caller: app.admin().api, input: { name: `Street ${randomUUID()}` } }),
  'streets.adopt': async (app) => {
    const street = await app.admin().api.streets.create.mutate({ name: `Street ${randomUUID()}` });
    return { caller: (await app.signUp()).api, input: { id: street.id } };
  },
  'streets.release': async (app) => {
    const street = await app.admin().api.streets.create.mutate({ name: `Street ${randomUUID()}` });
    const { api } = await app.signUp();
    await api.streets.adopt.mutate({ id: street.id });
    return { caller: api, input: { id: street.id } };
  },
  'notifications.markRead': async (app) => {
    const { api } = await app.signUp();
    await api.posts.create.mutate({ body: 'Earns a notification' });
    const { items } = await api.notifications.list.query();
    return { caller: api, input: { ids: items.map((n) => n.id) } };
  },
  'jobs.start': async (app) => {
    const { api } = app.admin();
    const live = listen(api.jobs.onChange, { lastEventId: (await api.jobs.list.query()).lastEventId });
    const done = (first: unknown) => (e: LiveMessage<'jobs'>) =>
      e.type !== 'resync' &&
      e.type !== 'deleted' &&
      e.record.id === (first as { id: string }).id &&
      e.record.status === 'done';
    const settle = (first: unknown) => live.waitFor(done(first), 15_000).finally(() => live.close());
    return { caller: api, input: { kind: 'recomputeLeaderboard' }, settle };
  },
  'admin.announce': async (app) => ({ caller: app.admin().api, input: { message: 'Bins on Thursday' } }),
  'stats.watch': async (app) => ({ caller: app.admin().api, input: { tab: 'contract-tab', open: true } }),
  'admin.setRole': async (app) => ({
    caller: app.admin().api,
    input: { userId: (await app.signUp('Promoted')).user.id, role: 'admin' },
  }),
  'admin.ban': async (app) => ({
    caller: app.admin().api,
    input: { userId: (await app.signUp('Banned')).user.id, reason: 'Spam' },
  }),
  'admin.unban': async (app) => {
    const { user } = await app.signUp('Forgiven');
    await app.admin().api.admin.ban.mutate({ userId: user.id, reason: 'Spam' });
    return { caller: app.admin().api, input: { userId: user.id } };
  },
  'admin.hide': async (app) => {
    const post = await (await app.signUp()).api.posts.create.mutate({ body: 'Buy cheap watches' });
    return { caller: app.admin().api, input: { kind: 'post', id: post.id, reason: 'Advertising' } };
  },
  'presence.setVisible': async (app) => ({ caller: (await app.signUp()).api, input: { visible: true } }),
};

const mutationPaths = listProcedures(appRouter)
  .filter((procedure) => procedure.type === 'mutation')
  .map((procedure) => procedure.path)
  .sort();

// Their answers hold a session token, which is never kept under a key: a retry logs in again.
const SIGN_INS = new Set(['auth.register', 'auth.login']);
type SignedIn = { user: { id: string }; token: string; lastEventId: string | null };

/** A retried sign-in answers the same account and event with a new, working session; the first one still works. */
async function expectSignedInAgain(app: AppHandle, first: SignedIn, again: SignedIn): Promise<void> {
  expect(again).toEqual({ ...first, token: expect.any(String) });
  expect(again.token).not.toBe(first.token);
  for (const { token } of [first, again]) expect(await app.app.client(token).auth.me.query()).toEqual(first.user);
}

/** Calls the mutation at `path` as the stock client does, its key in the operation's context. */
function mutate(api: Api, path: string, input: unknown, key: string): Promise<unknown> {
  const procedure = path.split('.').reduce<any>((node, part) => node[part], api);
  return procedure.mutate(input, { context: { idempotencyKey: key } });
}

// A few mutations per app, so their sign-ups stay under the per-address registration limit.
const CASES_PER_APP = 3;

export function exactlyOnceContract(target: ContractTarget): void {
  it('has a retry case for every mutation of the router', () => {
    expect(Object.keys(cases).sort()).toEqual(mutationPaths);
  });

  for (let from = 0; from < mutationPaths.length; from += CASES_PER_APP) {
    const paths = mutationPaths.slice(from, from + CASES_PER_APP);
    describe(`a retried mutation lands once: ${paths.join(', ')}`, () => {
      const app = useApp(target);
      for (const path of paths) {
        it(`${path}: a retry with the same key answers the stored result and changes nothing`, async () => {
          const setup = cases[path];
          if (!setup) throw new Error(`no retry case for ${path}`);
          const { caller, input, settle } = await setup(app);
          const key = randomUUID();
          const first = await mutate(caller, path, input, key);
          // Every answer names the newest event its commit produced (null for none); a retry names the same.
          expect(first).toHaveProperty(
            'lastEventId',
            expect.toSatisfy((id) => id === null || /^\d+$/.test(String(id))),
          );
          await settle?.(first);
          await expectDatabaseUnchanged(app.admin().api, async () => {
            if (path === 'auth.logout') {
              await expectTrpcError(mutate(caller, path, input, key), 'UNAUTHORIZED');
              return;
            }
            if (SIGN_INS.has(path)) {
              await expectSignedInAgain(app, first as SignedIn, (await mutate(caller, path, input, key)) as SignedIn);
              return;
            }
            expect(await mutate(caller, path, input, key)).toEqual(first);
          });
        });
      }
    });
  }

  describe('exactly-once writes (Idempotency-Key)', () => {
    const app = useApp(target);

    it('refuses the same key with another input, naming the key, and changes nothing', async () => {
      const { api } = await app.signUp();
      const key = randomUUID();
      await mutate(api, 'posts.create', { body: 'First' }, key);
      await expectDatabaseUnchanged(app.admin().api, async () => {
        await expectTrpcError(
          mutate(api, 'posts.create', { body: 'Other' }, key),
          'UNPROCESSABLE_CONTENT',
          new RegExp(key),
        );
        await expectTrpcError(
          mutate(api, 'tasks.create', { title: 'Other' }, key),
          'UNPROCESSABLE_CONTENT',
          new RegExp(key),
        );
      });
    });

    it('binds a key to its viewer: the same key from someone else is their own write', async () => {
      const ann = await app.signUp('Ann');
      const bob = await app.signUp('Bob');
      const key = randomUUID();
      const hers = (await mutate(ann.api, 'posts.create', { body: 'Same words' }, key)) as { id: string };
      const his = (await mutate(bob.api, 'posts.create', { body: 'Same words' }, key)) as { id: string };
      expect(his.id).not.toBe(hers.id);
    });

    it('answers CONFLICT to a duplicate sent while the first is still running; one post results', async () => {
      const { api } = await app.signUp();
      const key = randomUUID();
      const attempts = await Promise.allSettled(
        [1, 2, 3].map(() => mutate(api, 'posts.create', { body: 'Twice?' }, key)),
      );
      const landed = attempts.filter((a) => a.status === 'fulfilled').map((a) => (a.value as { id: string }).id);
      const refused = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
      for (const { reason } of refused) expect((reason as { data?: { code?: string } }).data?.code).toBe('CONFLICT');
      expect(landed.length).toBeGreaterThan(0);
      expect(new Set(landed).size).toBe(1);
      const { items } = await api.posts.list.query({ limit: 100 });
      expect(items.filter((p) => p.body === 'Twice?')).toHaveLength(1);
    });

    it('answers a retried sign-up only to its password, as a log-in would', async () => {
      const key = randomUUID();
      const input = { email: `twice-${randomUUID().slice(0, 8)}@example.org`, name: 'Twice', password };
      await mutate(app.anonymous(), 'auth.register', input, key);
      await expectTrpcError(
        mutate(app.anonymous(), 'auth.register', { ...input, password: 'not the password' }, key),
        'UNAUTHORIZED',
        /email and password do not match/,
      );
    });

    it('refuses a key that is not a header-safe token, changing nothing', async () => {
      const { api } = await app.signUp();
      await expectDatabaseUnchanged(app.admin().api, async () => {
        await expectTrpcError(
          mutate(api, 'posts.create', { body: 'x' }, 'has spaces in it'),
          'BAD_REQUEST',
          /Idempotency-Key/,
        );
      });
    });
  });
}

import { appendFileSync } from 'node:fs';
import { readEventsAfter, readLastEventId } from '@adopt/db';
import { listProcedures, routerConfig } from '@adopt/live/sse';
import { getErrorShape, getTRPCErrorFromUnknown } from '@trpc/server/unstable-core-do-not-import';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createContext } from '../src/context.ts';
import { appRouter, createCaller } from '../src/root.ts';
import { type IdPools, InputFuzzer, PASSWORD } from './fuzz-inputs.ts';
import { checkInvariants } from './fuzz-invariants.ts';
import { seededRandom } from './seeded-random.ts';
import { createTestServices } from './services.ts';

// FUZZ_SEED replays a failing run exactly; FUZZ_CALLS makes a longer one.
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_121);
const CALLS = Number(process.env.FUZZ_CALLS ?? 2500);
const OWN_ORIGIN = 'http://localhost';
const BACKGROUND = new Set(['presence', 'stats']);

const procedures = listProcedures(appRouter);

interface Who {
  name: string;
  email?: string;
  token?: string;
  cookie?: boolean;
  origin?: string;
}

const PERSON_KEYS = new Set(['userId', 'authorId', 'organiserId', 'assigneeId', 'ownerId', 'adoptedBy', 'createdBy']);

/** Remembers the ids in an answer, so later inputs can name records that exist. */
function collectIds(value: unknown, pools: IdPools, kind: string, depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  const remember = (pool: string, id: string) => {
    const ids = pools.ids.get(pool) ?? [];
    if (!ids.includes(id)) ids.push(id);
    pools.ids.set(pool, ids);
  };
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner !== 'string' || inner.length > 64)
      collectIds(inner, pools, key === 'user' ? 'users' : kind, depth + 1);
    else if (key === 'lastEventId') pools.lastEventIds.push(inner);
    else if (key === 'id') remember(kind, inner);
    else if (PERSON_KEYS.has(key)) remember('users', inner);
    else if (key === 'streetId') remember('streets', inner);
  }
}

describe('fuzzing every procedure of the contract', () => {
  it('answers every input with data or a 4xx with a message, and leaves the database consistent', async () => {
    const services = await createTestServices();
    const random = seededRandom(SEED);
    const pools: IdPools = { ids: new Map(), lastEventIds: [], emails: [] };
    const fuzzer = new InputFuzzer(random, pools);
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const started = performance.now();

    const call = async (who: Who, path: string, input: unknown) => {
      const abort = new AbortController();
      const context = () =>
        createContext(services, {
          authorization: who.token && !who.cookie ? `Bearer ${who.token}` : undefined,
          cookie: who.token && who.cookie ? `${services.config.cookieName}=${who.token}` : undefined,
          origin: who.origin,
          ownOrigin: OWN_ORIGIN,
          ip: '127.0.0.1',
          secure: false,
          setCookie: () => {},
        });
      const caller = createCaller(context, { signal: abort.signal });
      const procedure = path.split('.').reduce<any>((node, part) => node[part], caller);
      try {
        const result = await procedure(input);
        if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
          // A subscription: take what arrives at once (a replay, a resync), then hang up.
          const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
          const first = await Promise.race([
            iterator.next(),
            new Promise((resolve) => setTimeout(() => resolve({ done: true }), 5)),
          ]);
          abort.abort();
          await iterator.return?.();
          return { ok: true as const, value: (first as IteratorResult<unknown>).value };
        }
        return { ok: true as const, value: result };
      } catch (cause) {
        abort.abort();
        const error = getTRPCErrorFromUnknown(cause);
        const shape = getErrorShape({
          config: routerConfig(appRouter),
          error,
          type: 'query',
          path,
          input,
          ctx: undefined,
        });
        return {
          ok: false as const,
          code: shape.data.code,
          status: shape.data.httpStatus,
          message: shape.message,
          error,
        };
      }
    };

    // The cast: an admin (first account), two members, someone logged out, and cookie writes from both sides.
    const signUp = async (name: string) => {
      const email = `${name}@example.org`;
      const result = await call({ name: 'anonymous' }, 'auth.register', { email, name, password: PASSWORD });
      if (!result.ok) throw result.error;
      collectIds(result.value, pools, 'users');
      pools.emails.push(email);
      return (result.value as { token: string }).token;
    };
    const admin = await signUp('admin');
    const member = await signUp('member');
    const other = await signUp('other');
    const gone = await signUp('gone');
    await call({ name: 'gone', token: gone }, 'auth.logout', undefined);
    const cast: Who[] = [
      { name: 'anonymous' },
      { name: 'member', email: 'member@example.org', token: member },
      { name: 'other member', email: 'other@example.org', token: other },
      { name: 'admin', email: 'admin@example.org', token: admin },
      { name: 'logged out', token: gone },
      {
        name: 'admin by cookie from the app',
        email: 'admin@example.org',
        token: admin,
        cookie: true,
        origin: OWN_ORIGIN,
      },
      {
        name: 'member by cookie from another site',
        email: 'member@example.org',
        token: member,
        cookie: true,
        origin: 'https://evil.example',
      },
    ];
    // A persona that logged itself out logs in again, so the rest of the run still has a member and an admin.
    const logBackIn = async (who: Who) => {
      const result = await call({ name: 'anonymous' }, 'auth.login', { email: who.email, password: PASSWORD });
      if (!result.ok) throw result.error;
      const { token } = result.value as { token: string };
      for (const other of cast) if (other.email === who.email) other.token = token;
    };

    const tally = new Map<string, { ok: number; rejected: Record<string, number> }>();
    const failures: string[] = [];
    let rejectedWrites = 0;
    for (let i = 0; i < CALLS; i++) {
      // Round-robin over procedures so each gets its share; the rest is random.
      const { path, type, inputs } = procedures[i % procedures.length]!;
      const who = fuzzer.pick(cast);
      const namespace = path.split('.')[0] as string;
      const input = fuzzer.input(inputs[0] as Parameters<InputFuzzer['input']>[0], namespace);
      const before = type === 'mutation' ? await readLastEventId(services.db) : 0;
      const outcome = await call(who, path, input);
      const entry = tally.get(path) ?? { ok: 0, rejected: {} };
      tally.set(path, entry);
      if (outcome.ok) {
        entry.ok += 1;
        collectIds(outcome.value, pools, namespace === 'auth' ? 'users' : namespace);
      } else {
        entry.rejected[outcome.code] = (entry.rejected[outcome.code] ?? 0) + 1;
        const where = `#${i} ${path} as ${who.name} (seed ${SEED}) with ${safeJson(input)}`;
        if (outcome.status < 400 || outcome.status >= 500 || outcome.code === 'INTERNAL_SERVER_ERROR') {
          failures.push(`${where}: ${outcome.code} ${outcome.message} ${outcome.error.cause?.stack ?? ''}`);
        } else if (!outcome.message || outcome.message === outcome.code) {
          failures.push(`${where}: ${outcome.code} without a message a person could act on`);
        }
        if (type === 'mutation') {
          rejectedWrites += 1;
          // A refused write leaves no trace: no event. Background jobs, and presence and stats (written on the
          // server's own timers after a fuzzed subscription joined or left), write on their own meanwhile.
          const written = (await readEventsAfter(services.db, before)).filter((e) => !BACKGROUND.has(e.topic));
          if (services.jobs?.size === 0 && written.length > 0) {
            failures.push(`${where}: refused with ${outcome.code}, but events were written: ${safeJson(written)}`);
          }
        }
      }
      if (path === 'jobs.start') await services.jobs?.drain();
      if (path === 'auth.logout' && outcome.ok && who.email) await logBackIn(who);
    }
    await services.jobs?.drain();
    const elapsedMs = Math.round(performance.now() - started);

    const { violations, checked } = await checkInvariants(services.db);
    const polluted = Object.getOwnPropertyNames(Object.prototype).sort();
    await services.close();

    expect(failures.slice(0, 10)).toEqual([]);
    expect(violations).toEqual([]);
    expect(polluted).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const accepted = [...tally.values()].reduce((n, t) => n + t.ok, 0);
    // The fuzz is only worth something if plenty of calls got through to the domain code and changed state.
    expect(accepted).toBeGreaterThan(CALLS / 5);
    const neverAccepted = [...tally].filter(([, t]) => t.ok === 0).map(([path]) => path);
    report('fuzz', {
      seed: SEED,
      calls: CALLS,
      procedures: procedures.length,
      accepted,
      rejected: CALLS - accepted,
      rejectedWrites,
      codes: codeTotals(tally),
      neverAccepted,
      ...checked,
      invariantViolations: violations.length,
      elapsedMs,
    });
  }, 120_000);
});

describe('the consistency checks the fuzz test relies on', () => {
  it('notice each kind of corruption', async () => {
    const corruptions: [string, string][] = [
      ['points that do not add up', 'update users set points = points + 1'],
      ['a row deleted without its event', 'delete from post_likes; delete from posts'],
      ['a changed row without its event', "update posts set body = 'edited behind the log'"],
      ['a gap in the event log', 'update event_log set id = id + 100 where id = (select max(id) from event_log)'],
      [
        'a personal event sent to everyone',
        `update event_log set audience = '{"everyone":true}' where topic = 'rewards'`,
      ],
      ['a like count that is not the likes', 'update posts set likes = likes + 5'],
    ];
    for (const [what, corruption] of corruptions) {
      const services = await createTestServices();
      const context = () =>
        createContext(services, { ownOrigin: OWN_ORIGIN, ip: '127.0.0.1', secure: false, setCookie: () => {} });
      const { token } = await createCaller(context).auth.register({
        email: 'a@example.org',
        name: 'A',
        password: PASSWORD,
      });
      const authed = () =>
        createContext(services, {
          authorization: `Bearer ${token}`,
          ownOrigin: OWN_ORIGIN,
          ip: '127.0.0.1',
          secure: false,
          setCookie: () => {},
        });
      await createCaller(authed).posts.create({ body: 'a post' });
      expect((await checkInvariants(services.db)).violations).toEqual([]);
      for (const statement of corruption.split('; ')) await sql.raw(statement).execute(services.db);
      expect((await checkInvariants(services.db)).violations, what).not.toEqual([]);
      await services.close();
    }
  });
});

/** Prints the run's figures; RELIABILITY_FIGURES=<file> also appends them as a JSON line for docs/reliability.md. */
function report(test: string, figures: Record<string, unknown>): void {
  console.log(`[reliability] ${test} ${JSON.stringify(figures)}`);
  if (process.env.RELIABILITY_FIGURES)
    appendFileSync(process.env.RELIABILITY_FIGURES, `${JSON.stringify({ test, ...figures })}\n`);
}

function codeTotals(tally: Map<string, { rejected: Record<string, number> }>): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const { rejected } of tally.values()) {
    for (const [code, n] of Object.entries(rejected)) totals[code] = (totals[code] ?? 0) + n;
  }
  return totals;
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_k, v) =>
      typeof v === 'bigint' ? `${v}n` : typeof v === 'symbol' ? String(v) : v,
    );
    return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
}

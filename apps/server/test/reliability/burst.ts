import type { Api } from '@adopt/api/contract';
import { LiveRecorder } from '@adopt/api/test/live-recorder';
import { expect } from 'vitest';
import { type Person, signUp, viewerOf } from '../http-client.ts';
import { type LoggedEvent, readEventLog, strictlyIncreasing, type Viewer, visibleTo } from './event-log.ts';

/** What one writer asked for and what came back; `ok: false` means no answer (the server died mid-request). */
export interface Outcome {
  writer: number;
  op: 'create' | 'like' | 'delete';
  /** Unique per call, so a create whose answer was lost can still be found in the database. */
  body?: string;
  postId?: string;
  ok: boolean;
}

/** The admin (the first account) and `count` writers, each from an address of their own, and the id they start after. */
export async function signUpWriters(
  url: string,
  count: number,
): Promise<{ admin: Person; writers: Person[]; start: string }> {
  const admin = await signUp(url, 'Admin');
  const writers: Person[] = [];
  for (let w = 0; w < count; w++) writers.push(await signUp(url, `Writer ${w}`));
  const { lastEventId: start } = await admin.api.posts.list.query({});
  return { admin, writers, start };
}

/**
 * Mutates like a busy neighbourhood: mostly new posts, some likes of anyone's posts, some deletions of one's own.
 * Stops at the first call that gets no answer, or when `keepGoing` says so.
 */
export async function writeUntil(
  person: Person,
  writer: number,
  next: () => number,
  shared: { postIds: string[] },
  outcomes: Outcome[],
  keepGoing: (i: number) => boolean,
  onSuccess: () => void = () => {},
): Promise<void> {
  const mine: string[] = [];
  for (let i = 0; keepGoing(i); i++) {
    const roll = next();
    const likeTarget = shared.postIds[Math.floor(next() * shared.postIds.length)];
    const outcome: Outcome =
      roll < 0.15 && likeTarget
        ? { writer, op: 'like', postId: likeTarget, ok: false }
        : roll < 0.22 && mine.length > 0
          ? { writer, op: 'delete', postId: mine.splice(Math.floor(next() * mine.length), 1)[0] as string, ok: false }
          : { writer, op: 'create', body: `writer ${writer} post ${i} ${next().toString(36).slice(2, 8)}`, ok: false };
    outcomes.push(outcome);
    try {
      if (outcome.op === 'create') {
        const post = await person.api.posts.create.mutate({ body: outcome.body as string });
        outcome.postId = post.id;
        mine.push(post.id);
        shared.postIds.push(post.id);
      } else if (outcome.op === 'like') {
        await person.api.posts.like.mutate({ id: outcome.postId as string });
      } else {
        await person.api.posts.delete.mutate({ id: outcome.postId as string });
      }
      outcome.ok = true;
      onSuccess();
    } catch (error) {
      // Someone else deleted the post first: an answer, not a lost request.
      if (isTrpcCode(error, 'NOT_FOUND')) {
        outcome.ok = true;
        continue;
      }
      return;
    }
  }
}

function isTrpcCode(error: unknown, code: string): boolean {
  return (error as { data?: { code?: string } })?.data?.code === code;
}

export interface Watcher {
  name: string;
  topics: readonly string[];
  viewer: Viewer;
  recorder: LiveRecorder<any>;
}

export function watch(
  name: string,
  api: Api,
  topics: readonly string[],
  viewer: Viewer,
  lastEventId: string | null,
  procedure: 'live' | 'posts' = 'live',
): Watcher {
  const recorder = new LiveRecorder<any>((observer) =>
    procedure === 'posts'
      ? api.posts.onChange.subscribe({ lastEventId }, observer as never)
      : api.live.onChange.subscribe({ topics: topics as never, lastEventId }, observer as never),
  );
  return { name, topics, viewer, recorder };
}

/** The admin's stream of every topic a burst of writes touches. */
export function watchAsAdmin(admin: Person, lastEventId: string): Watcher {
  return watch(
    'admin live.onChange',
    admin.api,
    ['posts', 'notifications', 'rewards', 'leaderboard'],
    viewerOf(admin),
    lastEventId,
  );
}

/**
 * Waits until every watcher has caught up with the log, then checks each stream is exactly what
 * the database committed that this viewer may see: same ids, same events, in order, none twice.
 */
export async function expectStreamsEqualLog(
  dbPath: string,
  afterId: number,
  watchers: Watcher[],
  timeoutMs = 20_000,
): Promise<{ log: LoggedEvent[]; checked: number }> {
  const log = readEventLog(dbPath, afterId);
  let checked = 0;
  for (const watcher of watchers) {
    const expected = visibleTo(log, watcher.topics, watcher.viewer);
    const last = expected.at(-1);
    if (last) await watcher.recorder.waitFor((_, id) => Number(id) >= last.id, timeoutMs);
    const received = watcher.recorder.received;
    const ids = received.map((r) => Number(r.id));
    expect(strictlyIncreasing(ids), `${watcher.name}: ids strictly increasing`).toBe(true);
    expect(ids, `${watcher.name}: exactly the committed ids it may see`).toEqual(expected.map((e) => e.id));
    expect(
      received.map((r) => r.data),
      `${watcher.name}: the events as committed`,
    ).toEqual(expected.map((e) => e.event));
    checked += received.length;
  }
  return { log, checked };
}

import { describe, expect, it } from 'vitest';
import type { ListSpec } from '../list-spec.ts';
import { overlayPages, overlaySnapshot } from './overlay.ts';
import type { Write, WriteRules } from './write.ts';

interface Post {
  id: string;
  body: string;
  createdAt: string;
  likes: number;
}

const spec: ListSpec<Post> = {
  topic: 'posts',
  compare: (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
  scope: [],
};

const rules: WriteRules = {
  'posts.create': {
    optimistic: (input: { body: string; at: string }, { key, result }) => [
      {
        topic: 'posts',
        type: 'created',
        id: (result as Post | undefined)?.id ?? `pending-${key}`,
        record: (result as Post | undefined) ?? { body: input.body, createdAt: input.at, likes: 0 },
      },
    ],
  },
  'posts.like': {
    optimistic: (input: { id: string }, { seen }) => [
      {
        topic: 'posts',
        type: 'updated',
        id: input.id,
        update: (row: Post) => ({ likes: Math.max(row.likes, (seen as number) + 1) }),
      },
    ],
  },
  'posts.delete': { optimistic: (input: { id: string }) => [{ topic: 'posts', type: 'deleted', id: input.id }] },
};

const post = (id: string, createdAt: string, likes = 0): Post => ({ id, body: id, createdAt, likes });
const snapshot = (items: Post[], lastEventId = '10') => ({ items, lastEventId });

function write(path: string, input: unknown, extra: Partial<Write> = {}): Write {
  return { key: `k-${path}`, userId: 'u1', path, input, seen: null, at: 1, state: 'sending', held: false, ...extra };
}

const on = (writes: Write[], r: WriteRules = rules) => ({ writes, rules: r, spec: spec as ListSpec, input: {} });

const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe('overlaySnapshot', () => {
  it('shows a new post at once, where the list order puts it, marked as pending', () => {
    const base = snapshot([post('b', '2026-01-03'), post('a', '2026-01-01')]);
    const shown = overlaySnapshot(base, on([write('posts.create', { body: 'hi', at: '2026-01-02' })], rules));
    expect(ids(shown.items)).toEqual(['b', 'pending-k-posts.create', 'a']);
    expect(shown.items[1]).toMatchObject({ body: 'hi', pendingWrite: { state: 'sending', held: false } });
  });

  it('never shows the optimistic post beside the real one, before or after the snapshot reflects the commit', () => {
    const real = post('p1', '2026-01-02');
    const answered = write(
      'posts.create',
      { body: 'p1', at: '2026-01-02' },
      { state: 'committed', result: real, lastEventId: 12 },
    );
    // The event is in the list (lastEventId 11 < 12: a later event of the same commit is still to come).
    const withEvent = overlaySnapshot(snapshot([real], '11'), on([answered], rules));
    expect(ids(withEvent.items)).toEqual(['p1']);
    const caughtUp = overlaySnapshot(snapshot([real], '12'), on([answered], rules));
    expect(caughtUp.items).toEqual([real]);
  });

  it('shows the real record alone when the stream brings it before the answer tells its id', () => {
    const matching: WriteRules = {
      'posts.create': {
        optimistic: (input: { body: string }, { key }) => [
          {
            topic: 'posts',
            type: 'created',
            id: `pending-${key}`,
            record: { body: input.body, createdAt: 'z' },
            matches: (row: Post) => row.body === input.body,
          },
        ],
      },
    };
    const sent = write('posts.create', { body: 'hello' });
    expect(ids(overlaySnapshot(snapshot([post('a', 'x')]), on([sent], matching)).items)).toEqual([
      'pending-k-posts.create',
      'a',
    ]);
    const real = { ...post('p9', 'y'), body: 'hello' };
    expect(ids(overlaySnapshot(snapshot([real, post('a', 'x')]), on([sent], matching)).items)).toEqual(['p9', 'a']);
  });

  it('shows two identical posts made within one round trip as two rows, whichever the stream brings first', () => {
    const matching: WriteRules = {
      'posts.create': {
        optimistic: (input: { body: string }, { key, result }) => [
          {
            topic: 'posts',
            type: 'created',
            id: (result as Post | undefined)?.id ?? `pending-${key}`,
            record: (result as Post | undefined) ?? { body: input.body, createdAt: 'z' },
            matches: (row: Post) => row.body === input.body,
          },
        ],
      },
    };
    const first = write('posts.create', { body: 'Bins out' }, { key: 'w1', at: 1 });
    const second = write('posts.create', { body: 'Bins out' }, { key: 'w2', at: 2, state: 'new' });
    const real1 = { ...post('p1', 'y'), body: 'Bins out' };
    const real2 = { ...post('p2', 'y2'), body: 'Bins out' };
    const shown = (items: Post[], writes: Write[], lastEventId = '10') =>
      ids(overlaySnapshot(snapshot(items, lastEventId), on(writes, matching)).items).sort();
    // Neither answered, one real record on the stream: it stands for one write, the other still shows.
    expect(shown([real1], [first, second])).toEqual(['p1', 'pending-w2']);
    // The first answered with its id, its record not here yet: the stream's record is the second's.
    const answered = { ...first, state: 'committed' as const, result: real1, lastEventId: 12 };
    expect(shown([real2], [answered, second])).toEqual(['p1', 'p2']);
    // The first's commit is in the list already: its row is its own, not the second's.
    expect(shown([real1], [answered, second], '12')).toEqual(['p1', 'pending-w2']);
    // Both real: two rows, no copy.
    expect(shown([real1, real2], [answered, second], '12')).toEqual(['p1', 'p2']);
    // The stream passed the first (kept, marked passed, while the second is unanswered): still its own row.
    const passed = { ...answered, passed: true };
    expect(shown([real1], [passed, second], '11')).toEqual(['p1', 'pending-w2']);
  });

  it('replays a pending change on the row as the stream changed it meanwhile (rebased, not stale)', () => {
    const like = write('posts.like', { id: 'a' }, { seen: 3 });
    expect(overlaySnapshot(snapshot([post('a', 'x', 3)]), on([like], rules)).items[0]?.likes).toBe(4);
    // Our own like arrived on the stream before the answer did: it is not counted twice.
    expect(overlaySnapshot(snapshot([post('a', 'x', 4)]), on([like], rules)).items[0]?.likes).toBe(4);
    // Someone else liked it too: their like shows as well.
    expect(overlaySnapshot(snapshot([post('a', 'x', 5)]), on([like], rules)).items[0]?.likes).toBe(5);
  });

  it('hides a deleted row until it is gone from the snapshot, and a refused write changes nothing', () => {
    const base = snapshot([post('a', 'x')]);
    expect(overlaySnapshot(base, on([write('posts.delete', { id: 'a' })], rules)).items).toEqual([]);
    const refused = write(
      'posts.delete',
      { id: 'a' },
      { state: 'failed', error: 'Only the author can delete this post.' },
    );
    expect(overlaySnapshot(base, on([refused], rules))).toBe(base);
  });

  it('applies writes in the order they were made', () => {
    const base = snapshot([post('a', 'x')]);
    const create = write('posts.create', { body: 'n', at: 'y' }, { key: 'n1' });
    const remove = write('posts.delete', { id: 'pending-n1' }, { key: 'n2' });
    expect(ids(overlaySnapshot(base, on([create, remove], rules)).items)).toEqual(['a']);
  });
});

describe('overlayPages', () => {
  it('puts a new row on the first page and a change on the page that holds the row', () => {
    const data = { pages: [snapshot([post('c', '3')]), snapshot([post('a', '1')])], pageParams: [null, 'c'] };
    const shown = overlayPages(
      data,
      on(
        [write('posts.create', { body: 'n', at: '4' }, { key: 'n' }), write('posts.delete', { id: 'a' }, { key: 'd' })],
        rules,
      ),
    );
    expect(shown.pages.map((page) => ids(page.items))).toEqual([['pending-n', 'c'], []]);
  });
});

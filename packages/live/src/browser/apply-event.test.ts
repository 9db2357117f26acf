import { describe, expect, it } from 'vitest';
import { applyToPages, applyToSnapshot, type Pages, type Snapshot } from './apply-event.ts';
import type { LiveEventOf } from './events.ts';
import type { ListSpec } from './list-spec.ts';

interface PostRecord {
  id: string;
  body: string;
  likes: number;
  likedByMe?: boolean;
  createdAt: string;
}
interface LeaderboardRecord {
  id: string;
  points: number;
}
type LiveEvent = LiveEventOf<{ posts: PostRecord; leaderboard: LeaderboardRecord }>;

const descending = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
const posts: ListSpec<PostRecord> = {
  topic: 'posts',
  compare: (a, b) => descending(a.createdAt, b.createdAt) || descending(a.id, b.id),
  scope: [],
};
const leaderboard: ListSpec<LeaderboardRecord> = {
  topic: 'leaderboard',
  compare: (a, b) => b.points - a.points || descending(b.id, a.id),
  scope: [],
};

function post(id: string, createdAt: string, likes = 0): PostRecord {
  return { id, body: `post ${id}`, likes, likedByMe: false, createdAt };
}

const created = (record: PostRecord): LiveEvent => ({ topic: 'posts', type: 'created', id: record.id, record });
const updated = (record: PostRecord): LiveEvent => ({ topic: 'posts', type: 'updated', id: record.id, record });
const deleted = (id: string): LiveEvent => ({ topic: 'posts', type: 'deleted', id });

const feed = (lastEventId: string, ...items: PostRecord[]): Snapshot<PostRecord> => ({ items, lastEventId });

describe('applyToSnapshot', () => {
  it('adds a new row in the list order and moves lastEventId to the event', () => {
    const before = feed('10', post('b', '2030-01-02'), post('a', '2030-01-01'));
    const { data } = applyToSnapshot(before, 11, created(post('c', '2030-01-03')), posts);
    expect(data.items.map((p) => p.id)).toEqual(['c', 'b', 'a']);
    expect(data.lastEventId).toBe('11');
  });

  it('ignores an event the snapshot already reflects, so a replay never doubles a row', () => {
    const before = feed('10', post('a', '2030-01-01'));
    expect(applyToSnapshot(before, 10, created(post('a', '2030-01-01')), posts).data).toBe(before);
    expect(applyToSnapshot(before, 9, deleted('a'), posts).data).toBe(before);
  });

  it("keeps my own like when someone else's like arrives, as a live post leaves out who liked it", () => {
    const mine = { ...post('a', '2030-01-01', 1), likedByMe: true };
    const { likedByMe: _, ...broadcast } = post('a', '2030-01-01', 2);
    const event: LiveEvent = { topic: 'posts', type: 'updated', id: 'a', record: broadcast };
    const { data } = applyToSnapshot(feed('10', mine), 11, event, posts);
    expect(data.items).toEqual([{ ...mine, likes: 2 }]);
  });

  it('replaces an updated row in place and removes a deleted one', () => {
    const before = feed('10', post('b', '2030-01-02'), post('a', '2030-01-01'));
    const liked = applyToSnapshot(before, 11, updated(post('a', '2030-01-01', 3)), posts).data;
    expect(liked.items.map((p) => [p.id, p.likes])).toEqual([
      ['b', 0],
      ['a', 3],
    ]);
    const gone = applyToSnapshot(liked, 12, deleted('b'), posts).data;
    expect(gone.items.map((p) => p.id)).toEqual(['a']);
    expect(gone.lastEventId).toBe('12');
  });

  it('adds a row it did not have on update: a draft someone publishes appears for everyone', () => {
    const before = feed('10');
    expect(applyToSnapshot(before, 11, updated(post('a', '2030-01-01')), posts).data.items).toHaveLength(1);
  });

  it('leaves the list untouched when a row it never had is deleted', () => {
    const before = feed('10', post('a', '2030-01-01'));
    expect(applyToSnapshot(before, 11, deleted('zzz'), posts).data).toBe(before);
  });

  it('keeps a top-N list to N rows and asks for a refetch when a row sinks to its bottom', () => {
    const entry = (id: string, points: number): LeaderboardRecord => ({ id, points });
    const top2: Snapshot<LeaderboardRecord> = { items: [entry('a', 30), entry('b', 20)], lastEventId: '5' };
    const climbed = applyToSnapshot(
      top2,
      6,
      { topic: 'leaderboard', type: 'updated', id: 'c', record: entry('c', 25) },
      leaderboard,
      2,
    );
    expect(climbed.data.items.map((e) => e.id)).toEqual(['a', 'c']);
    expect(climbed.refetch).toBe(false);
    const sank = applyToSnapshot(
      top2,
      6,
      { topic: 'leaderboard', type: 'updated', id: 'a', record: entry('a', 1) },
      leaderboard,
      2,
    );
    expect(sank.data.items.map((e) => e.id)).toEqual(['b', 'a']);
    expect(sank.refetch).toBe(true);
    const joined = applyToSnapshot(
      top2,
      6,
      { topic: 'leaderboard', type: 'created', id: 'd', record: entry('d', 0) },
      leaderboard,
      2,
    );
    expect(joined.data.items.map((e) => e.id)).toEqual(['a', 'b']);
  });

  it("shows a new comment at the end of a full oldest-first thread, past the page's limit", () => {
    const comment = (id: string, createdAt: string) => ({ id, postId: 'p', createdAt });
    const oldestFirst: ListSpec<{ id: string; createdAt: string }> = {
      topic: 'comments',
      compare: (a, b) => descending(b.createdAt, a.createdAt),
      scope: ['postId'],
    };
    for (const nextCursor of [null, 'more-after-b']) {
      const thread = { items: [comment('a', '2030-01-01'), comment('b', '2030-01-02')], nextCursor, lastEventId: '5' };
      const newest = comment('c', '2030-01-03');
      const event = { topic: 'comments', type: 'created', id: 'c', record: newest } as const;
      const { data } = applyToSnapshot(thread, 6, event, oldestFirst, 2);
      expect(data.items.map((c) => c.id)).toEqual(['a', 'b', 'c']);
      // A later edit of an older comment keeps the new one too.
      const edit = { topic: 'comments', type: 'updated', id: 'a', record: comment('a', '2030-01-01') } as const;
      const edited = applyToSnapshot(data, 7, edit, oldestFirst, 2);
      expect(edited.data.items.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    }
  });
});

describe('applyToPages', () => {
  const pages = (...snapshots: Snapshot<PostRecord>[]): Pages<PostRecord> => ({
    pages: snapshots,
    pageParams: snapshots.map((_, i) => i),
  });

  it('puts new posts on the first page and updates a post on whichever page holds it', () => {
    const before = pages(feed('10', post('b', '2030-01-02')), feed('12', post('a', '2030-01-01')));
    const withNew = applyToPages(before, 13, created(post('c', '2030-01-03')), posts);
    expect(withNew.pages.map((p) => p.items.map((i) => i.id))).toEqual([['c', 'b'], ['a']]);
    const liked = applyToPages(withNew, 14, updated(post('a', '2030-01-01', 1)), posts);
    expect(liked.pages[1]?.items[0]?.likes).toBe(1);
    expect(liked.pages[0]).toBe(withNew.pages[0]);
  });

  it('skips a page whose own snapshot already reflects the event', () => {
    const before = pages(feed('10', post('b', '2030-01-02')), feed('12', post('a', '2030-01-01', 5)));
    const stale = applyToPages(before, 11, updated(post('a', '2030-01-01', 4)), posts);
    expect(stale).toBe(before);
  });
});

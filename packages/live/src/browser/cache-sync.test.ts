import { QueryClient } from '@tanstack/query-core';
import { describe, expect, it, vi } from 'vitest';
import type { Snapshot } from './apply-event.ts';
import { LiveCache } from './cache-sync.ts';
import type { LiveEventOf } from './events.ts';
import type { ListSpec } from './list-spec.ts';

interface TaskRecord {
  id: string;
  title: string;
  status: 'open' | 'done';
  createdAt: string;
}
type LiveEvent = LiveEventOf<{ tasks: TaskRecord }>;

const newestFirst = (a: { createdAt: string }, b: { createdAt: string }) => b.createdAt.localeCompare(a.createdAt);
const specs = new Map<string, ListSpec>([
  ['tasks.list', { topic: 'tasks', compare: newestFirst, scope: [] }],
  ['streets.list', { topic: 'streets', compare: newestFirst, scope: [] }],
  ['posts.list', { topic: 'posts', compare: newestFirst, scope: [] }],
  ['tasks.search', { topic: 'tasks', compare: newestFirst, scope: [], filteredBy: ['query'] }],
]);

const tasksKey = [['tasks', 'list'], { type: 'query' }];
const streetsKey = [['streets', 'list'], { type: 'query' }];

function task(id: string, status: TaskRecord['status'] = 'open'): TaskRecord {
  return { id, title: `task ${id}`, status, createdAt: `2030-01-01T00:00:0${id}Z` };
}

const created = (record: TaskRecord): LiveEvent => ({ topic: 'tasks', type: 'created', id: record.id, record });

function setup() {
  const queryClient = new QueryClient();
  const onStale = vi.fn();
  const cache = new LiveCache(queryClient, { specs, onStale });
  const query = (key: unknown[]) => queryClient.getQueryCache().find({ queryKey: key, exact: true })!;
  const tasks = () => queryClient.getQueryData<Snapshot<TaskRecord>>(tasksKey)!;
  /** What a fetch resolving does: data lands, then the runtime reconciles it with the stream. */
  const snapshotArrives = (key: unknown[], data: Snapshot) => {
    queryClient.setQueryData(key, data);
    cache.reconcile(query(key));
  };
  return { queryClient, cache, onStale, tasks, snapshotArrives };
}

describe('LiveCache', () => {
  it('applies each event to the cached lists of its topic and no other', () => {
    const { cache, queryClient, tasks, snapshotArrives } = setup();
    snapshotArrives(tasksKey, { items: [task('1')], lastEventId: '5' });
    snapshotArrives(streetsKey, { items: [], lastEventId: '5' });
    cache.coverFrom(5);
    cache.apply(6, created(task('2')));
    expect(tasks().items.map((t) => t.id)).toEqual(['2', '1']);
    expect(queryClient.getQueryData<Snapshot>(streetsKey)?.lastEventId).toBe('5');
  });

  it('fetches a searched list again on a change instead of adding a row the search may not match', () => {
    const { cache, queryClient, snapshotArrives } = setup();
    const searched = [['tasks', 'search'], { input: { query: 'paint' }, type: 'query' }];
    const everything = [['tasks', 'search'], { input: { query: '' }, type: 'query' }];
    const paint: TaskRecord = { ...task('1'), title: 'paint the bench' };
    snapshotArrives(searched, { items: [paint], lastEventId: '5' });
    snapshotArrives(everything, { items: [task('1')], lastEventId: '5' });
    cache.coverFrom(5);
    cache.apply(6, created({ ...task('2'), title: 'sweep the path' }));
    const state = (key: unknown[]) => queryClient.getQueryCache().find({ queryKey: key, exact: true })!.state;
    expect(state(searched).data).toMatchObject({ items: [{ id: '1' }], lastEventId: '5' });
    expect(state(searched).isInvalidated).toBe(true);
    expect(state(everything).data).toMatchObject({ items: [{ id: '2' }, { id: '1' }], lastEventId: '6' });
  });

  it('replays onto a snapshot that landed late exactly the events it does not reflect', () => {
    const { cache, tasks, snapshotArrives } = setup();
    cache.coverFrom(5);
    cache.apply(6, created(task('1')));
    cache.apply(7, created(task('2')));
    cache.apply(8, created(task('3')));
    // The snapshot was read at event 7: it has tasks 1 and 2 but not 3.
    snapshotArrives(tasksKey, { items: [task('2'), task('1')], lastEventId: '7' });
    expect(tasks().items.map((t) => t.id)).toEqual(['3', '2', '1']);
    expect(tasks().lastEventId).toBe('8');
  });

  it('fetches again a snapshot older than the stream covers, and restarts if it is still older', async () => {
    const { cache, queryClient, onStale, snapshotArrives } = setup();
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    cache.coverFrom(10);
    snapshotArrives(tasksKey, { items: [], lastEventId: '4' });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: tasksKey, exact: true });
    snapshotArrives(tasksKey, { items: [], lastEventId: '4' });
    expect(onStale).toHaveBeenCalledWith(4);
  });

  it('on resync, invalidates every list so each loads a fresh snapshot', () => {
    const { cache, queryClient, snapshotArrives } = setup();
    snapshotArrives(tasksKey, { items: [], lastEventId: '5' });
    snapshotArrives(streetsKey, { items: [], lastEventId: '5' });
    cache.coverFrom(5);
    cache.resync(900);
    const cached = queryClient.getQueryCache().findAll();
    expect(cached.every((q) => q.state.isInvalidated)).toBe(true);
  });
});

describe('LiveCache.startPosition', () => {
  it('is the oldest position among the cached lists, pages included', () => {
    const { cache, queryClient } = setup();
    expect(cache.startPosition()).toBeNull();
    queryClient.setQueryData(tasksKey, { items: [], lastEventId: '9' });
    queryClient.setQueryData([['posts', 'list'], { input: { limit: 20 }, type: 'infinite' }], {
      pages: [{ items: [], lastEventId: '7', nextCursor: null }],
      pageParams: [null],
    });
    expect(cache.startPosition()).toBe(7);
  });
});

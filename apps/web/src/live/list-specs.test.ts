import { describe, expect, it } from 'vitest';
import { inScope, type ListSpec, listSpec, specOf } from './list-specs.ts';

const key = (path: string, input?: unknown) => ({ queryKey: [path.split('.'), { input, type: 'query' }] });

describe('list specs', () => {
  it('finds every list query of a topic by its path, and nothing else', () => {
    expect(specOf(key('posts.list'))?.topic).toBe('posts');
    expect(specOf(key('leaderboard.top'))?.topic).toBe('leaderboard');
    expect(specOf(key('rewards.mine'))?.topic).toBe('rewards');
    expect(specOf(key('auth.me'))).toBeUndefined();
  });

  it('takes the limit from the input, or the definition default', () => {
    const leaderboard = listSpec('leaderboard');
    expect(leaderboard.limit?.({ limit: 3 })).toBe(3);
    expect(leaderboard.limit?.(undefined)).toBe(10);
    expect(listSpec('tasks').limit).toBeUndefined();
  });

  it('keeps a scoped list to its own records', () => {
    const scoped = { ...listSpec('posts'), scope: ['postId'] } as ListSpec;
    expect(inScope(scoped, { postId: 'p1' }, { id: 'c1', postId: 'p1' })).toBe(true);
    expect(inScope(scoped, { postId: 'p1' }, { id: 'c2', postId: 'p2' })).toBe(false);
    expect(inScope(scoped, undefined, { id: 'c2', postId: 'p2' })).toBe(true);
    expect(inScope(listSpec('posts'), { postId: 'p1' }, { id: 'x' })).toBe(true);
  });
});

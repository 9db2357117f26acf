import { inScope, type ListSpec as LiveListSpec } from '@adopt/live/browser';
import { describe, expect, it } from 'vitest';
import { LIST_SPECS, listSpec } from './list-specs.ts';

describe('list specs', () => {
  it('name every list query of a topic by its path, and nothing else', () => {
    expect(LIST_SPECS.get('posts.list')?.topic).toBe('posts');
    expect(LIST_SPECS.get('leaderboard.top')?.topic).toBe('leaderboard');
    expect(LIST_SPECS.get('rewards.mine')?.topic).toBe('rewards');
    expect(LIST_SPECS.get('comments.list')?.scope).toEqual(['postId']);
    expect(LIST_SPECS.get('auth.me')).toBeUndefined();
  });

  it('take the limit from the input, or the definition default', () => {
    const leaderboard = listSpec('leaderboard');
    expect(leaderboard.limit?.({ limit: 3 })).toBe(3);
    expect(leaderboard.limit?.(undefined)).toBe(10);
    expect(listSpec('tasks').limit).toBeUndefined();
  });

  it('keep a scoped list to its own records', () => {
    const comments = listSpec('comments') as LiveListSpec;
    expect(inScope(comments, { postId: 'p1' }, { id: 'c1', postId: 'p1' })).toBe(true);
    expect(inScope(comments, { postId: 'p1' }, { id: 'c2', postId: 'p2' })).toBe(false);
    expect(inScope(listSpec('posts') as LiveListSpec, { postId: 'p1' }, { id: 'x' })).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { bodyLimitFor } from './body-limit.ts';

describe('bodyLimitFor', () => {
  const limitOf = bodyLimitFor({ MAX_BODY_BYTES: 100_000, MAX_IMPORT_BODY_BYTES: 4_000_000 });

  it('gives the import limit to a call of jobs.start alone, batched or not', () => {
    expect(limitOf('/trpc/jobs.start')).toBe(4_000_000);
    expect(limitOf('/trpc/jobs.start?batch=1')).toBe(4_000_000);
  });

  it('keeps the usual limit for every other call, and for jobs.start batched with another', () => {
    expect(limitOf('/trpc/posts.create?batch=1')).toBe(100_000);
    expect(limitOf('/trpc/jobs.start,posts.create?batch=1')).toBe(100_000);
    expect(limitOf('/trpc/jobs.list')).toBe(100_000);
  });
});

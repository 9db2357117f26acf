import { insertUser } from '@adopt/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices } from '../../test/services.ts';
import type { Viewer } from '../context.ts';
import { listMembers, MEMBERS_PAGE } from './members.ts';

describe('listMembers', () => {
  let services: Awaited<ReturnType<typeof createTestServices>>;
  const viewer: Viewer = {
    id: 'u-00',
    name: 'Viewer',
    email: 'v@example.org',
    role: 'member',
    points: 0,
    sessionId: 's',
    expiresAt: Date.now() + 60_000,
  };

  beforeAll(async () => {
    services = await createTestServices();
    // More than two pages, with names that tie, so the id must break the tie across a page boundary.
    for (let i = 0; i < MEMBERS_PAGE * 2 + 5; i++) {
      const id = `u-${String(i).padStart(2, '0')}`;
      await insertUser(services.db, {
        id,
        email: `${id}@example.org`,
        name: i % 3 === 0 ? 'Same Name' : `Person ${String(i).padStart(2, '0')}`,
        passwordHash: 'x',
        role: 'member',
        createdAt: new Date().toISOString(),
      });
    }
  });

  afterAll(() => services.close());

  it('pages through everyone by name exactly once, in a fixed page size', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listMembers(services, viewer, { cursor });
      expect(page.items.length).toBeLessThanOrEqual(MEMBERS_PAGE);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(MEMBERS_PAGE * 2 + 5);
    const { items } = await listMembers(services, viewer, { query: 'same' });
    expect(items.every((m) => m.name === 'Same Name')).toBe(true);
  });
});

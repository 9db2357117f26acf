import { describe, expect, it } from 'vitest';
import type { ContractTarget } from './client.ts';
import { expectTrpcError } from './expect.ts';
import { useApp } from './setup.ts';

export function membersContract(target: ContractTarget): void {
  describe('members (users.list)', () => {
    const app = useApp(target);

    it('finds members by part of their name, any case, in name order, without their email', async () => {
      const lee = await app.signUp('Lee Marsh');
      const mo = await app.signUp('Mo Marshall');
      await app.signUp('Ned');
      const { items, nextCursor } = await lee.api.users.list.query({ query: 'MARSH' });
      expect(items).toEqual([
        { id: lee.user.id, name: 'Lee Marsh', role: 'member', bannedReason: null },
        { id: mo.user.id, name: 'Mo Marshall', role: 'member', bannedReason: null },
      ]);
      expect(nextCursor).toBeNull();
      expect((await lee.api.users.list.query({ query: '%' })).items).toEqual([]);
    });

    it('shows banned members to admins only, and nothing to anonymous viewers', async () => {
      const olive = await app.signUp('Olive Banned');
      const pat = await app.signUp('Pat');
      await app.admin().api.admin.ban.mutate({ userId: olive.user.id, reason: 'Spam' });
      expect((await pat.api.users.list.query({ query: 'olive' })).items).toEqual([]);
      expect((await app.admin().api.users.list.query({ query: 'olive' })).items).toHaveLength(1);
      await expectTrpcError(app.anonymous().users.list.query({}), 'UNAUTHORIZED');
      await expectTrpcError(pat.api.users.list.query({ cursor: 'not-a-cursor' }), 'BAD_REQUEST', /cursor/);
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { ContractTarget } from './client.ts';
import { expectTrpcError } from './expect.ts';
import { useApp } from './setup.ts';

export function authContract(target: ContractTarget): void {
  describe('auth', () => {
    const app = useApp(target);

    it('makes the first account an admin and later ones members', async () => {
      expect(app.admin().user.role).toBe('admin');
      const member = await app.signUp('Gus');
      expect(member.user).toMatchObject({ name: 'Gus', role: 'member', points: 0 });
      expect(await member.api.auth.me.query()).toEqual(member.user);
    });

    it('logs in with the password and out again', async () => {
      const email = `hal-${Date.now()}@example.org`;
      await app.anonymous().auth.register.mutate({ email, name: 'Hal', password: 'a long password' });
      const { user, token } = await app
        .anonymous()
        .auth.login.mutate({ email: email.toUpperCase(), password: 'a long password' });
      expect(user.email).toBe(email);
      const hal = app.app.client(token);
      expect((await hal.auth.me.query())?.id).toBe(user.id);
      await hal.auth.logout.mutate();
      expect(await hal.auth.me.query()).toBeNull();
      await expectTrpcError(
        hal.posts.create.mutate({ body: 'after logout' }),
        'UNAUTHORIZED',
        /session has expired|log in/i,
      );
    });

    it('answers an anonymous me with null', async () => {
      expect(await app.anonymous().auth.me.query()).toBeNull();
    });

    it('rejects a wrong password, a taken email and bad input', async () => {
      const ivy = await app.signUp('Ivy');
      const anon = app.anonymous();
      await expectTrpcError(
        anon.auth.login.mutate({ email: ivy.user.email, password: 'wrong password' }),
        'UNAUTHORIZED',
        /do not match/,
      );
      await expectTrpcError(
        anon.auth.register.mutate({ email: ivy.user.email, name: 'Ivy again', password: 'another password' }),
        'CONFLICT',
        /already exists/,
      );
      await expectTrpcError(
        anon.auth.register.mutate({ email: 'not-an-email', name: 'X', password: 'long enough' }),
        'BAD_REQUEST',
        /email/,
      );
      await expectTrpcError(
        anon.auth.register.mutate({ email: 'x@example.org', name: '', password: 'long enough' }),
        'BAD_REQUEST',
        /name/,
      );
      await expectTrpcError(
        anon.auth.register.mutate({ email: 'x@example.org', name: 'X', password: 'short' }),
        'BAD_REQUEST',
        /password/,
      );
      await expectTrpcError(
        anon.auth.register.mutate({ email: 'x@example.org', name: 'X'.repeat(81), password: 'long enough' }),
        'BAD_REQUEST',
        /name/,
      );
      await expectTrpcError(
        anon.auth.login.mutate({ email: 'nobody@example.org', password: 'whatever1' }),
        'UNAUTHORIZED',
      );
    });
  });
}

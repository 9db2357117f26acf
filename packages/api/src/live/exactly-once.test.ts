import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServices } from '../../test/services.ts';
import { createContext } from '../context.ts';
import { createCaller } from '../root.ts';

type TestServices = Awaited<ReturnType<typeof createTestServices>>;

describe('keys of sign-ins', () => {
  let services: TestServices;
  beforeEach(async () => {
    services = await createTestServices();
  });
  afterEach(() => services.close());

  const caller = (idempotencyKey: string) =>
    createCaller(() =>
      createContext(services, {
        idempotencyKey,
        ownOrigin: 'http://localhost',
        ip: '127.0.0.1',
        secure: false,
        setCookie: () => {},
      }),
    );

  it('keep neither the session token nor anything of the password', async () => {
    const password = 'correct horse battery';
    const email = `kept-${randomUUID().slice(0, 8)}@example.org`;
    const signedUp = await caller(randomUUID()).auth.register({ email, name: 'Kept', password });
    const loggedIn = await caller(randomUUID()).auth.login({ email, password });
    const { rows } = await sql<Record<string, unknown>>`select * from idempotency_key`.execute(services.db);
    expect(rows).toHaveLength(2);
    const stored = JSON.stringify(rows);
    for (const secret of [signedUp.token, loggedIn.token, password, 'scrypt']) expect(stored).not.toContain(secret);
  });
});

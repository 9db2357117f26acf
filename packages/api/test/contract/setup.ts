import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { UserRecord } from '../../src/records.ts';
import { LiveRecorder, type Received } from '../live-recorder.ts';
import type { Api, App, ContractTarget } from './client.ts';

export interface Person {
  api: Api;
  user: UserRecord;
  token: string;
}

export interface AppHandle {
  readonly app: App;
  /** A client with no credentials. */
  anonymous(): Api;
  /** Registers a new account, shown as offline; the first one in a fresh app is the admin. */
  signUp(name?: string): Promise<Person>;
}

/** A fresh app for the enclosing `describe`, with its first account already made admin. */
export function useApp(target: ContractTarget): AppHandle & { admin: () => Person } {
  let app: App | undefined;
  let admin: Person | undefined;
  const handle = {
    get app() {
      if (!app) throw new Error('useApp: the app is not started yet (use it inside a test)');
      return app;
    },
    anonymous: () => handle.app.client(),
    async signUp(name = 'Neighbour') {
      const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}@example.org`;
      const { user, token } = await handle.app
        .client()
        .auth.register.mutate({ email, name, password: 'correct horse' });
      const api = handle.app.client(token);
      // Invisible unless a test says otherwise: streams closing in one test would otherwise log leaves
      // seconds later, in the middle of the next test's checks that nothing changed.
      await api.presence.setVisible.mutate({ visible: false });
      return { api, user, token };
    },
    admin: () => {
      if (!admin) throw new Error('useApp: the admin is not registered yet');
      return admin;
    },
  };
  beforeAll(async () => {
    app = await target.start();
    admin = await handle.signUp('Admin');
  });
  afterAll(async () => {
    await app?.close();
  });
  return handle;
}

type Subscribable<I, T> = {
  subscribe(
    input: I,
    observer: { onData: (value: Received<T>) => void; onError: (e: unknown) => void; onComplete: () => void },
  ): { unsubscribe(): void };
};

/** Subscribes and records what arrives; close it at the end of the test. */
export function listen<I, T>(procedure: Subscribable<I, T>, input: I): LiveRecorder<T> {
  return new LiveRecorder<T>((observer) => procedure.subscribe(input, observer));
}

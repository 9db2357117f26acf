import { randomUUID } from 'node:crypto';
import type { AppRouter, UserRecord } from '@adopt/api';
import type { Api } from '@adopt/api/contract';
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';

export interface ClientOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Sent as X-Forwarded-For: with TRUST_PROXY=true each simulated person gets their own address. */
  ip?: string | undefined;
  headers?: Record<string, string>;
}

let nextAddress = 1;

/** A fresh client address, so per-IP rate limits count each simulated person separately. */
export function newIp(): string {
  const n = nextAddress++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** The stock tRPC client over real HTTP: batched queries and mutations, SSE subscriptions through an EventSource. */
export function httpClient(url: string, { token, ip, headers: extra }: ClientOptions = {}): Api {
  const headers: Record<string, string> = {
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
    ...(ip ? { 'X-Forwarded-For': ip } : {}),
    ...extra,
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${url}/trpc`,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, ...headers } }),
          }),
        }),
        // A mutation with `context: { idempotencyKey }` goes alone, its key in the Idempotency-Key header.
        false: splitLink({
          condition: (op) => typeof op.context.idempotencyKey === 'string',
          true: httpLink({
            url: `${url}/trpc`,
            headers: ({ op }) => ({ ...headers, 'Idempotency-Key': String(op.context.idempotencyKey) }),
          }),
          false: httpBatchLink({ url: `${url}/trpc`, headers: () => headers }),
        }),
      }),
    ],
  });
}

export interface Person {
  api: Api;
  user: UserRecord;
  token: string;
  email: string;
  ip: string;
}

export const PASSWORD = 'correct horse battery';

/** Registers a new account from its own address; the first account on an empty database is the admin. */
export async function signUp(url: string, name: string): Promise<Person> {
  const ip = newIp();
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}@example.org`;
  const { user, token } = await httpClient(url, { ip }).auth.register.mutate({ email, name, password: PASSWORD });
  return { api: httpClient(url, { token, ip }), user, token, email, ip };
}

/** The rights a person's stream is filtered by, in the shape `canSee` reads. */
export function viewerOf(person: Person): { userId: string; role: 'member' | 'admin' } {
  return { userId: person.user.id, role: person.user.role };
}

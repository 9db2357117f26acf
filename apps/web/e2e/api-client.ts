import type { AppRouter } from '@adopt/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

/** A neighbour using the API directly (as another app would): Bearer token, no browser. */
export async function apiUser(url: string, name: string) {
  const anonymous = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/trpc` })] });
  const { token, user } = await anonymous.auth.register.mutate({
    name,
    email: `${name.toLowerCase()}-${Date.now()}@example.org`,
    password: 'correct horse battery',
  });
  const api = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${url}/trpc`, headers: { Authorization: `Bearer ${token}` } })],
  });
  return { user, api };
}

import type { AppRouter } from '@adopt/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

/** A neighbour using the API directly (as another app would): Bearer token, no browser. */
export async function apiUser(url: string, name: string) {
  const anonymous = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/trpc` })] });
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}-${Date.now()}@example.org`;
  const password = 'correct horse battery';
  const { token, user } = await anonymous.auth.register.mutate({ name, email, password });
  const api = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${url}/trpc`, headers: { Authorization: `Bearer ${token}` } })],
  });
  return { user, api, email, password };
}

import type { UserRecord } from '@adopt/api';
import { meKey, queryClient, writes } from '../runtime.ts';
import type { InputOf, ProcedurePath } from './paths.ts';

/**
 * The person acted: the change is on screen in this render and the mutation goes out with its own
 * Idempotency-Key, or waits in the queue while the server cannot be reached. `seen` is what a rule needs of
 * the screen at this moment (a like count, a street's name).
 */
export function act<P extends ProcedurePath>(path: P, input: InputOf<P>, seen: Record<string, unknown> = {}): string {
  const me = queryClient.getQueryData<UserRecord | null>(meKey);
  return writes.act(path, input, { by: me?.name ?? '', at: new Date().toISOString(), ...seen });
}

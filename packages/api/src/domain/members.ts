import { searchUsers, type User } from '@adopt/db';
import type { Viewer } from '../context.ts';
import { readSnapshot } from '../live/commit.ts';
import type { MemberRecord } from '../records.ts';
import type { Services } from '../services.ts';
import { users } from '../topics/users.ts';
import { decodeCursor, toPage } from './page-cursor.ts';

/** A page of the members list: enough for a picker, small enough to search rather than scroll. */
export const MEMBERS_PAGE = 20;
const BY_NAME = ['name', 'id'] as const;

export function toMemberRecord(user: Pick<User, 'id' | 'name' | 'role' | 'bannedReason'>): MemberRecord {
  return { id: user.id, name: user.name, role: user.role, bannedReason: user.bannedReason };
}

/** Members by name, searched by part of it; admins also see who is banned. */
export async function listMembers(
  services: Services,
  viewer: Viewer,
  input: { query?: string | undefined; cursor?: string | undefined },
) {
  const after = input.cursor ? decodeCursor(input.cursor, BY_NAME) : undefined;
  const { value: rows, lastEventId } = await readSnapshot(services, (db) =>
    searchUsers(db, users.order, {
      query: input.query,
      includeBanned: viewer.role === 'admin',
      after,
      limit: MEMBERS_PAGE + 1,
    }),
  );
  return { ...toPage(rows.map(toMemberRecord), MEMBERS_PAGE, BY_NAME), lastEventId };
}

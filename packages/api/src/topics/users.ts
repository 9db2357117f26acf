import type { MemberRecord } from '../records.ts';
import { defineTopic } from './define.ts';

/** Members by name; a change (role, ban) reaches the admins and the member it is about. */
export const users = defineTopic<MemberRecord>()('users', {
  list: 'users.list',
  order: [['name', 'asc']],
  filteredBy: ['query'],
  audience: (member: Pick<MemberRecord, 'id'>) => ({ admins: true, users: [member.id] }),
});

import { deleteSessionsOfUser, findUserById, lockRow, setUserBan, setUserRole, type User } from '@adopt/db';
import type { Viewer } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { commitChanges, type Tx } from '../live/commit.ts';
import type { MemberRecord } from '../records.ts';
import type { Services } from '../services.ts';
import { excerpt, hideComment } from './comments.ts';
import { toMemberRecord } from './members.ts';
import { hidePost } from './posts.ts';
import { notify } from './rewards.ts';

export type Role = User['role'];

/** What a banned person is told when their streams end and when they try to log in. */
export function bannedMessage(reason: string): string {
  return `This account is banned: ${reason}`;
}

/**
 * Gives `user` the role: every instance's open streams follow it at once (the control event) and the person's
 * own screens hear of it (the users event), so a demoted admin loses the Admin screen without a reload.
 */
export async function applyRole(tx: Tx, user: User, role: Role): Promise<MemberRecord> {
  await setUserRole(tx.db, user.id, role);
  await tx.control({ topic: '$user', type: 'updated', id: user.id, role });
  const record = toMemberRecord({ ...user, role });
  await tx.emit({ topic: 'users', type: 'updated', id: user.id, record });
  return record;
}

async function otherMember(tx: Tx, admin: Viewer, userId: string, action: string): Promise<User> {
  if (userId === admin.id) {
    // So the place always keeps an admin: whoever could change the last admin's role is that admin.
    throw new AppError('FORBIDDEN', `You cannot ${action} yourself. Ask another admin.`);
  }
  // Under the row's lock, so the record sent is the member as they are when this commits.
  await lockRow(tx.db, 'users', userId);
  const user = await findUserById(tx.db, userId);
  if (!user) throw notFound('member', userId);
  return user;
}

/** Promotes or demotes someone else; admins can never run out, as nobody changes their own role. */
export function setRole(services: Services, admin: Viewer, userId: string, role: Role): Promise<MemberRecord> {
  return commitChanges(services, async (tx) => {
    const user = await otherMember(tx, admin, userId, 'change the role of');
    return user.role === role ? toMemberRecord(user) : applyRole(tx, user, role);
  });
}

/** Ends every session of the person on every instance, and keeps them from logging in again. */
export function ban(services: Services, admin: Viewer, userId: string, reason: string): Promise<MemberRecord> {
  return commitChanges(services, async (tx) => {
    const user = await otherMember(tx, admin, userId, 'ban');
    if (user.role === 'admin') {
      throw new AppError('FORBIDDEN', `${user.name} is an admin. Make them a member first, then ban them.`);
    }
    await setUserBan(tx.db, user.id, reason);
    await deleteSessionsOfUser(tx.db, user.id);
    await tx.control({ topic: '$user', type: 'deleted', id: user.id, message: bannedMessage(reason) });
    const record = toMemberRecord({ ...user, bannedReason: reason });
    await tx.emit({ topic: 'users', type: 'updated', id: user.id, record });
    return record;
  });
}

export function unban(services: Services, admin: Viewer, userId: string): Promise<MemberRecord> {
  return commitChanges(services, async (tx) => {
    const user = await otherMember(tx, admin, userId, 'unban');
    if (user.bannedReason === null) return toMemberRecord(user);
    await setUserBan(tx.db, user.id, null);
    const record = toMemberRecord({ ...user, bannedReason: null });
    await tx.emit({ topic: 'users', type: 'updated', id: user.id, record });
    return record;
  });
}

/** Hides a post or comment from every feed; its author is told which one and why. */
export function hide(
  services: Services,
  admin: Viewer,
  input: { kind: 'post' | 'comment'; id: string; reason: string },
): Promise<{ kind: 'post' | 'comment'; id: string }> {
  return commitChanges(services, async (tx) => {
    const hidden =
      input.kind === 'post'
        ? await hidePost(tx, input.id, input.reason)
        : await hideComment(tx, admin, input.id, input.reason);
    await notify(tx, hidden.authorId, `An admin hid your ${input.kind} "${excerpt(hidden.body)}": ${input.reason}`);
    return { kind: input.kind, id: input.id };
  });
}

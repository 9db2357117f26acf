import type { Kysely } from 'kysely';
import type { Database, Session, User } from '../database.ts';

export async function insertSession(db: Kysely<Database>, session: Session): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

export interface SessionWithUser {
  session: Session;
  user: User;
}

export async function findSessionByTokenHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select([
      'sessions.id as sessionId',
      'sessions.tokenHash',
      'sessions.createdAt as sessionCreatedAt',
      'sessions.expiresAt',
      'users.id',
      'users.email',
      'users.name',
      'users.passwordHash',
      'users.role',
      'users.points',
      'users.createdAt',
      'users.bannedReason',
      'users.presenceHidden',
    ])
    .where('sessions.tokenHash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { sessionId, tokenHash: hash, sessionCreatedAt, expiresAt, ...user } = row;
  return { session: { id: sessionId, tokenHash: hash, userId: user.id, createdAt: sessionCreatedAt, expiresAt }, user };
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Ends every session of one person (a ban): their tokens stop working on every instance at once. */
export async function deleteSessionsOfUser(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('userId', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expiresAt', '<=', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

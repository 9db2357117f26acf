import {
  countUsers,
  deleteSession,
  findUserByEmail,
  findUserById,
  insertSession,
  insertUser,
  insertUserUnlessEmailTaken,
  lockRegistrations,
  lockRow,
  type User,
} from '@adopt/db';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { hashToken, newSessionToken } from '../auth/token.ts';
import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { commitChanges } from '../live/commit.ts';
import type { UserRecord } from '../records.ts';
import type { Services } from '../services.ts';
import { plural } from '../words.ts';
import { newId, nowIso } from './ids.ts';
import { applyRole, bannedMessage } from './moderation.ts';

export function toUserRecord(user: Pick<User, 'id' | 'name' | 'email' | 'role' | 'points'>): UserRecord {
  return { id: user.id, name: user.name, email: user.email, role: user.role, points: user.points };
}

export interface SignedIn {
  user: UserRecord;
  token: string;
}

function sessionCookie(ctx: Context, token: string, maxAgeSeconds: number): string {
  const secure = ctx.request.secure ? '; Secure' : '';
  return `${ctx.services.config.cookieName}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

function checkRateLimit(ctx: Context, action: string): void {
  const waitMs = ctx.services.authLimiter.hit(`${action}:${ctx.request.ip}`);
  if (waitMs > 0) {
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `Too many ${action} attempts. Try again in ${plural(Math.ceil(waitMs / 1000), 'second')}.`,
    );
  }
}

async function startSession(ctx: Context, user: User): Promise<SignedIn> {
  const token = newSessionToken();
  const now = Date.now();
  const ttl = ctx.services.config.sessionTtlMs;
  await insertSession(ctx.services.db, {
    id: newId(),
    tokenHash: hashToken(token),
    userId: user.id,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttl).toISOString(),
  });
  ctx.request.setCookie(sessionCookie(ctx, token, Math.floor(ttl / 1000)));
  return { user: toUserRecord(user), token };
}

export async function register(
  ctx: Context,
  input: { email: string; name: string; password: string },
): Promise<SignedIn> {
  checkRateLimit(ctx, 'registration');
  const email = input.email.toLowerCase();
  const passwordHash = await hashPassword(input.password);
  const taken = new AppError('CONFLICT', `An account for ${email} already exists. Log in instead.`);
  const user = await commitChanges(ctx.services, async ({ db }) => {
    // Sign-ups queue here, so two on an empty database cannot both be first.
    await lockRegistrations(db);
    if (await findUserByEmail(db, email)) throw taken;
    // The first account on an empty database runs the place.
    const role = (await countUsers(db)) === 0 ? 'admin' : 'member';
    // The unique index still guards an account made without the queue (the admin command).
    const inserted = await insertUserUnlessEmailTaken(db, {
      id: newId(),
      email,
      name: input.name,
      passwordHash,
      role,
      createdAt: nowIso(),
    });
    if (!inserted) throw taken;
    return inserted;
  });
  return startSession(ctx, user);
}

export async function login(ctx: Context, input: { email: string; password: string }): Promise<SignedIn> {
  checkRateLimit(ctx, 'login');
  const user = await findUserByEmail(ctx.services.db, input.email.toLowerCase());
  if (!user || !(await verifyPassword(input.password, user.passwordHash))) {
    throw new AppError('UNAUTHORIZED', 'That email and password do not match an account.');
  }
  // Only after the password: nobody learns whether an address is banned without it.
  if (user.bannedReason !== null) throw new AppError('FORBIDDEN', bannedMessage(user.bannedReason));
  return startSession(ctx, user);
}

/** Ends this session everywhere: its open streams close on every instance. */
export async function logout(ctx: Context): Promise<void> {
  ctx.request.setCookie(sessionCookie(ctx, '', 0));
  const viewer = ctx.viewer;
  if (!viewer) return;
  await commitChanges(ctx.services, async (tx) => {
    await deleteSession(tx.db, viewer.sessionId);
    await tx.control({ topic: '$session', type: 'deleted', id: viewer.sessionId });
  });
}

/** Makes an existing account an admin (or a member again); open streams follow the new role at once. */
export async function changeRole(services: Services, email: string, role: 'member' | 'admin'): Promise<UserRecord> {
  return commitChanges(services, async (tx) => {
    const found = await findUserByEmail(tx.db, email.toLowerCase());
    if (!found) throw new AppError('NOT_FOUND', `No account for ${email}.`);
    // Read again under the row's lock: the record sent is the account as it is when this commits.
    await lockRow(tx.db, 'users', found.id);
    const user = (await findUserById(tx.db, found.id)) ?? found;
    await applyRole(tx, user, role);
    return toUserRecord({ ...user, role });
  });
}

/** Creates an admin account, or promotes the existing one with that email. */
export async function ensureAdmin(
  services: Services,
  input: { email: string; name: string; password: string },
): Promise<{ user: UserRecord; created: boolean }> {
  const email = input.email.toLowerCase();
  if (await findUserByEmail(services.db, email)) {
    return { user: await changeRole(services, email, 'admin'), created: false };
  }
  if (input.password.length < 8) {
    throw new AppError('BAD_REQUEST', 'password: a new admin account needs a password of at least 8 characters.');
  }
  const passwordHash = await hashPassword(input.password);
  const user = await insertUser(services.db, {
    id: newId(),
    email,
    name: input.name,
    passwordHash,
    role: 'admin',
    createdAt: nowIso(),
  });
  return { user: toUserRecord(user), created: true };
}

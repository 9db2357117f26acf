import { findSessionByTokenHash } from '@adopt/db';
import type { ConnectionOwner } from '@adopt/live/sse';
import { hashToken } from './auth/token.ts';
import { asDatabaseUnavailable } from './database-unavailable.ts';
import type { UserRecord } from './records.ts';
import type { Services } from './services.ts';

/** What a transport tells the API about one request. */
export interface RequestInfo {
  cookie?: string | undefined;
  authorization?: string | undefined;
  origin?: string | undefined;
  /** The app's own origin as this request reached it, e.g. `http://localhost:3000`. */
  ownOrigin: string;
  ip: string;
  secure: boolean;
  /** The request's Idempotency-Key header: a retry with the same key lands once. */
  idempotencyKey?: string | undefined;
  /** How many operations the request carries (a batch carries several). */
  operations?: number | undefined;
  /** Adds a Set-Cookie header to the response. */
  setCookie(value: string): void;
}

export interface Viewer extends UserRecord {
  sessionId: string;
  expiresAt: number;
}

export interface Context {
  services: Services;
  request: RequestInfo;
  viewer: Viewer | null;
  /** How the credentials came: cookies need a same-origin check before writes. */
  credentials: 'cookie' | 'bearer' | null;
  /** A token was sent but it is unknown or expired. */
  staleSession: boolean;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeCookieValue(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** A value that is not valid percent-encoding was never one of our tokens: read it as no cookie, not a crash. */
function decodeCookieValue(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function readBearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

export async function createContext(services: Services, request: RequestInfo): Promise<Context> {
  const bearer = readBearer(request.authorization);
  const cookie = readCookie(request.cookie, services.config.cookieName);
  const token = bearer ?? cookie;
  const credentials = bearer ? 'bearer' : cookie ? 'cookie' : null;
  if (!token) return { services, request, viewer: null, credentials, staleSession: false };

  // Runs before any procedure's middleware, so it says itself when the database is unavailable.
  const found = await findSessionByTokenHash(services.db, hashToken(token)).catch((error: unknown) => {
    throw asDatabaseUnavailable(error) ?? error;
  });
  const expiresAt = found ? Date.parse(found.session.expiresAt) : 0;
  if (!found || expiresAt <= Date.now()) {
    return { services, request, viewer: null, credentials, staleSession: true };
  }
  const { user, session } = found;
  const viewer: Viewer = {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    points: user.points,
    sessionId: session.id,
    expiresAt,
  };
  return { services, request, viewer, credentials, staleSession: false };
}

/** Who a live connection belongs to, for the connection limits: the signed-in user, else the address. */
export function connectionOwner(ctx: Context, input: unknown): ConnectionOwner {
  const browser = (input as { browser?: unknown } | undefined)?.browser;
  return { userId: ctx.viewer?.id ?? null, ip: ctx.request.ip, browser: typeof browser === 'string' ? browser : null };
}

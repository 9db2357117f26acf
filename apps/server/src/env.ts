import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POSTGRES_TIMEOUTS, DEFAULT_SQLITE_LOCK_TIMEOUT_MS } from '@adopt/db';
import { z } from 'zod';

const here = path.dirname(fileURLToPath(import.meta.url));
const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_PATH: z.string().min(1).default('data/adopt-a-street.db'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// (leave it unset for SQLite)')
    .optional(),
  /** PostgreSQL: opening a connection, one statement, a transaction left idle; past them a request fails with 503. */
  PG_CONNECT_TIMEOUT_MS: positiveInt.default(DEFAULT_POSTGRES_TIMEOUTS.connectMs),
  PG_STATEMENT_TIMEOUT_MS: positiveInt.default(DEFAULT_POSTGRES_TIMEOUTS.statementMs),
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: positiveInt.default(DEFAULT_POSTGRES_TIMEOUTS.idleInTransactionMs),
  /** SQLite: how long a write waits, without blocking the server, for a lock another process holds. */
  SQLITE_LOCK_TIMEOUT_MS: positiveInt.default(DEFAULT_SQLITE_LOCK_TIMEOUT_MS),
  WEB_DIST: z.string().min(1).default(path.resolve(here, '../../web/dist')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_DAYS: positiveInt.default(30),
  EVENT_RETENTION_DAYS: positiveInt.default(7),
  EVENT_RETENTION_COUNT: positiveInt.default(100_000),
  MAX_BODY_BYTES: positiveInt.default(100_000),
  /** The body limit of `jobs.start` alone, the one procedure that takes a file (a CSV import of thousands of rows). */
  MAX_IMPORT_BODY_BYTES: positiveInt.default(4_000_000),
  /** Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy in front of this server. */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SHUTDOWN_GRACE_MS: positiveInt.default(10_000),
  /** A request's head (and a body, separately) must arrive within this; trickling sockets are closed. */
  HTTP_HEADERS_TIMEOUT_MS: positiveInt.default(10_000),
  /** Open plain HTTP connections per client address (not counting SSE streams); ignored with TRUST_PROXY. */
  HTTP_MAX_CONNECTIONS_PER_IP: positiveInt.default(128),
  /** `fast` writes subscription frames straight to the response; `trpc` uses tRPC's own streaming (for comparison). */
  SSE_RESPONDER: z.enum(['fast', 'trpc']).default('fast'),
  /** Unsent bytes a live connection may hold before it is cut off; the client reconnects and resumes. */
  SSE_MAX_BUFFER_BYTES: positiveInt.default(1_048_576),
  /** Live connections for the whole server, per signed-in user (the oldest is closed), per anonymous IP. */
  SSE_MAX_CONNECTIONS: positiveInt.default(10_000),
  // The web app holds one stream per browser, not per tab: a phone, a tablet, two computers, plus room
  // for a reload's brief overlap and one browser without Web Locks (a stream per tab there).
  SSE_MAX_CONNECTIONS_PER_USER: positiveInt.default(6),
  SSE_MAX_CONNECTIONS_PER_IP: positiveInt.default(100),
  /** Where scheduled SQLite backups go; point it at another disk so a dead SD card does not take them along. */
  BACKUP_DIR: z.string().min(1).default('data/backups'),
  /** Minutes between scheduled backups (fractions allowed); 0 turns them off. */
  BACKUP_INTERVAL_MINUTES: z.coerce.number().min(0).default(60),
  /** How many scheduled backups to keep; older ones are deleted after each new one. */
  BACKUP_KEEP: positiveInt.default(48),
  /**
   * Tests only (leave unset): the process kills itself with SIGKILL right after committing the write sent with
   * this Idempotency-Key, before answering it, so a test can retry a write whose answer was never sent.
   */
  TEST_SIGKILL_AFTER_COMMIT_OF_KEY: z.string().min(1).optional(),
});

export type ServerEnv = z.infer<typeof schema>;

/** Reads and validates the environment once; a bad value stops the server with a message naming it. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return result.data;
}

/** Every setting at its default: the one place a default is written is the schema above. */
const DEFAULTS = schema.parse({});

/**
 * A config built in code (tests) with what it leaves out at the environment's defaults, except that
 * scheduled backups stay off unless it asks for them.
 */
export function withDefaults(config: Partial<ServerEnv>): ServerEnv {
  const given = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
  return { ...DEFAULTS, BACKUP_INTERVAL_MINUTES: 0, ...given };
}

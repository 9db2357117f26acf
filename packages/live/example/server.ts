// A second app on @adopt/live, sharing nothing with Adopt-a-Street: notes everyone reads, and an inbox
// whose messages only their recipient may receive. Identity is a bare `x-user` header, enough for a demo.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { initTRPC } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import Database from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import { commitLive } from '../src/commit/index.ts';
import { EventBus, LiveStream, type ViewerState } from '../src/index.ts';
import { migrateLiveTables, readEventLogBounds, readEventsAfter } from '../src/log/index.ts';
import { SubscriptionResponder } from '../src/sse/index.ts';

/** Who may receive an event: everyone, or only the users named. */
type Audience = { everyone: true } | { users: string[] };

export type ExampleEvent =
  | { topic: 'notes'; type: 'created'; id: string; text: string }
  | { topic: 'inbox'; type: 'created'; id: string; to: string; text: string };

const audiences = {
  canSee: (audience: Audience, viewer: ViewerState) =>
    'everyone' in audience || (viewer.userId !== null && audience.users.includes(viewer.userId)),
  onlyUsers: (audience: Audience) => ('users' in audience ? audience.users : null),
};

/** The one place an event's audience is decided: an inbox message reaches its recipient alone. */
const audienceOf = (event: ExampleEvent): Audience =>
  event.topic === 'inbox' ? { users: [event.to] } : { everyone: true };

interface Context {
  userId: string | null;
}

const t = initTRPC.context<Context>().create();

function text(input: unknown): string {
  const value = (input as { text?: unknown } | undefined)?.text;
  if (typeof value !== 'string' || value.length === 0) throw new Error('text must be a non-empty string');
  return value;
}

function createRouter(db: Kysely<any>, bus: EventBus<ViewerState, Audience>) {
  const live = { db, dialect: 'sqlite' as const, audienceOf, serversOnly: { users: [] }, bus };
  const emit = (event: ExampleEvent) =>
    commitLive<any, ExampleEvent, ExampleEvent, Audience, void>(live, (tx) => tx.emit(event));
  return t.router({
    addNote: t.procedure
      .input((raw) => ({ text: text(raw) }))
      .mutation(({ input }) => emit({ topic: 'notes', type: 'created', id: randomUUID(), text: input.text })),
    sendMessage: t.procedure
      .input((raw) => ({ text: text(raw), to: String((raw as { to?: unknown }).to) }))
      .mutation(({ input }) => emit({ topic: 'inbox', type: 'created', id: randomUUID(), ...input })),
    onChange: t.procedure
      .input((raw) => ({ lastEventId: (raw as { lastEventId?: string } | undefined)?.lastEventId ?? null }))
      .subscription(({ ctx, input, signal }) => {
        const viewer: ViewerState = { userId: ctx.userId, sessionId: null, expiresAt: null };
        const after = input.lastEventId === null ? null : Number(input.lastEventId);
        return new LiveStream<ExampleEvent>(bus, { topics: ['notes', 'inbox'], viewer, after }, signal);
      }),
  });
}

export type ExampleRouter = ReturnType<typeof createRouter>;

export interface ExampleServer {
  url: string;
  close(): Promise<void>;
}

const contextOf = (req: IncomingMessage): Context => ({
  userId: (req.headers['x-user'] as string | undefined) ?? null,
});

/** Opens (or re-opens) the app on a SQLite file and serves it on `port` (0 picks a free one). */
export async function startExample(file: string, port = 0): Promise<ExampleServer> {
  const raw = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(file) }) });
  await migrateLiveTables(raw);
  // The log's queries name columns in camelCase; migrations see the raw names.
  const db = raw.withPlugin(new CamelCasePlugin());
  const bus = new EventBus<ViewerState, Audience>({
    log: { bounds: () => readEventLogBounds(db), after: (id, limit) => readEventsAfter(db, id, limit) },
    audiences,
  });
  await bus.start();
  const router = createRouter(db, bus);
  const trpc = createHTTPHandler({ router, basePath: '/trpc/', createContext: ({ req }) => contextOf(req) });
  const responder = new SubscriptionResponder({
    router,
    basePath: '/trpc/',
    createContext: async (req) => contextOf(req),
    ownerOf: (ctx) => ({ userId: ctx.userId, ip: 'local' }),
    maxBufferBytes: 1 << 20,
    limits: { perUser: 10, perAnonymousIp: 10, total: 1000 },
  });
  const server: Server = createServer((req, res) => {
    if (!responder.serve(req, res)) trpc(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      bus.stop();
      responder.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await raw.destroy();
    },
  };
}

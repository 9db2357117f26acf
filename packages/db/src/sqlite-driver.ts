import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type TransactionSettings,
} from 'kysely';

// better-sqlite3 is synchronous: SQLite's own busy timeout would freeze the whole process while another
// process (a backup, the sqlite3 shell) holds the write lock. So the connection runs with no busy timeout,
// and a statement that finds the database locked hands the connection back and tries again a little later:
// health, pings and reads go on meanwhile; after `lockTimeoutMs` the SQLITE_BUSY error reaches the caller.

const FIRST_RETRY_MS = 5;
const LONGEST_RETRY_MS = 100;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** One caller at a time on the single connection, handed over in arrival order. */
class ConnectionTurn {
  private queue: (() => void)[] = [];
  private held = false;

  async take(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return;
    }
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }

  give(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.held = false;
  }
}

class LockWaitingConnection implements DatabaseConnection {
  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly turn: ConnectionTurn,
    private readonly lockTimeoutMs: number,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const deadline = Date.now() + this.lockTimeoutMs;
    for (let wait = FIRST_RETRY_MS; ; wait = Math.min(wait * 2, LONGEST_RETRY_MS)) {
      try {
        return this.run<R>(query);
      } catch (error) {
        // Inside a transaction a retry could see other data than the statements before it: the caller decides.
        if (!isBusy(error) || this.sqlite.inTransaction || Date.now() + wait > deadline) throw error;
      }
      this.turn.give();
      await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random() / 2)));
      await this.turn.take();
    }
  }

  private run<R>({ sql, parameters }: CompiledQuery): QueryResult<R> {
    const statement = this.sqlite.prepare(sql);
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  // biome-ignore lint/correctness/useYield: nothing here streams; Kysely asks for the method all the same
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on SQLite here; read the rows with execute().');
  }
}

class LockWaitingDriver implements Driver {
  private readonly turn = new ConnectionTurn();
  private readonly connection: LockWaitingConnection;

  constructor(
    private readonly sqlite: SQLite.Database,
    lockTimeoutMs: number,
  ) {
    this.connection = new LockWaitingConnection(sqlite, this.turn, lockTimeoutMs);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.turn.take();
    return this.connection;
  }

  /** Writers take the write lock up front, so a lock held elsewhere is met before any work, where a retry is safe. */
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const begin = settings.accessMode === 'read only' ? 'begin' : 'begin immediate';
    await connection.executeQuery(CompiledQuery.raw(begin));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.turn.give();
  }

  async destroy(): Promise<void> {
    this.sqlite.close();
  }
}

/** Kysely's SQLite dialect with a driver that waits for a lock held elsewhere without blocking the event loop. */
export class LockWaitingSqliteDialect extends SqliteDialect {
  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly lockTimeoutMs: number,
  ) {
    super({ database: sqlite });
  }

  override createDriver(): Driver {
    this.sqlite.pragma('busy_timeout = 0');
    return new LockWaitingDriver(this.sqlite, this.lockTimeoutMs);
  }
}

import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Write } from './write.ts';

interface WritesSchema extends DBSchema {
  writes: { key: string; value: Write; indexes: { byUser: string } };
}

/** What IndexedDB keeps of a write: never `sending` (a reload sends it again) nor anything not JSON. */
function storable(write: Write): Write {
  const { result: _result, ...rest } = write;
  return { ...rest, state: write.state === 'sending' ? 'new' : write.state };
}

/**
 * The queue of writes not yet committed, one IndexedDB database per app: it outlives a reload and a closed tab.
 * A write is deleted only once its commit is answered; a resend after a crash carries the same key.
 */
export class WriteStore {
  private db: Promise<IDBPDatabase<WritesSchema>> | undefined;

  constructor(private readonly name: string) {}

  private open(): Promise<IDBPDatabase<WritesSchema>> {
    this.db ??= openDB<WritesSchema>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('writes', { keyPath: 'key' }).createIndex('byUser', 'userId');
      },
    });
    return this.db;
  }

  async put(write: Write): Promise<void> {
    await (await this.open()).put('writes', storable(write));
  }

  async delete(key: string): Promise<void> {
    await (await this.open()).delete('writes', key);
  }

  /** Deletes every person's writes made before `cutoff` (ms since the epoch): a browser keeps none for ever. */
  async deleteMadeBefore(cutoff: number): Promise<void> {
    const tx = (await this.open()).transaction('writes', 'readwrite');
    for await (const cursor of tx.store) if (cursor.value.at < cutoff) await cursor.delete();
    await tx.done;
  }

  async deleteForUser(userId: string): Promise<void> {
    const tx = (await this.open()).transaction('writes', 'readwrite');
    for (const key of await tx.store.index('byUser').getAllKeys(userId)) await tx.store.delete(key);
    await tx.done;
  }

  async forUser(userId: string): Promise<Write[]> {
    return (await this.open()).getAllFromIndex('writes', 'byUser', userId);
  }

  close(): void {
    void this.db?.then((db) => db.close());
    this.db = undefined;
  }
}

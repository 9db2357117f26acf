import type { Kysely } from 'kysely';
import type { Database, Street } from '../database.ts';
import { type SortOrder, sortedBy } from '../sort-order.ts';

export interface StreetRow extends Street {
  adopterName: string | null;
}

function selectStreets(db: Kysely<Database>) {
  return db
    .selectFrom('streets')
    .leftJoin('users as adopter', 'adopter.id', 'streets.adoptedBy')
    .selectAll('streets')
    .select('adopter.name as adopterName');
}

/** Inserts the street unless one with that exact name exists; returns false when it did. */
export async function insertStreet(db: Kysely<Database>, street: Street): Promise<boolean> {
  const result = await db
    .insertInto('streets')
    .values(street)
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findStreet(db: Kysely<Database>, id: string): Promise<StreetRow | undefined> {
  return selectStreets(db).where('streets.id', '=', id).executeTakeFirst();
}

/** Case-insensitive, so "elm street" and "Elm Street" are one street. */
export async function findStreetByName(db: Kysely<Database>, name: string): Promise<StreetRow | undefined> {
  return selectStreets(db)
    .where((eb) => eb(eb.fn('lower', ['streets.name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

/** Alphabetical. */
export async function listStreets(
  db: Kysely<Database>,
  order: SortOrder<keyof Street & string>,
  limit: number,
): Promise<StreetRow[]> {
  return sortedBy(selectStreets(db), 'streets', order).limit(limit).execute();
}

/**
 * Gives the street to `userId` only if nobody holds it, in one statement, so two people
 * adopting at once cannot both win. Returns false when someone else got there first.
 */
export async function adoptStreet(db: Kysely<Database>, id: string, userId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('streets')
    .set({ adoptedBy: userId, adoptedAt: at })
    .where('id', '=', id)
    .where('adoptedBy', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function releaseStreet(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('streets').set({ adoptedBy: null, adoptedAt: null }).where('id', '=', id).execute();
}

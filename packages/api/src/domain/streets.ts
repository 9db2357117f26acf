import {
  adoptStreet,
  findStreet,
  findStreetByName,
  insertStreet,
  listStreets,
  lockRow,
  releaseStreet,
  type StreetRow,
} from '@adopt/db';
import type { Viewer } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { commitChanges, readSnapshot, type Tx } from '../live/commit.ts';
import type { StreetRecord } from '../records.ts';
import type { Services } from '../services.ts';
import { streets } from '../topics/streets.ts';
import { newId, nowIso } from './ids.ts';
import { awardPoints, notify } from './rewards.ts';

export const POINTS_FOR_ADOPTING = 10;
export const ADOPTER_BADGE = 'Street adopter';
/** A neighbourhood has hundreds of streets, not tens of thousands. */
const STREET_LIST_LIMIT = 1000;

function toStreetRecord(row: StreetRow): StreetRecord {
  return {
    id: row.id,
    name: row.name,
    adoptedBy: row.adoptedBy,
    adopterName: row.adopterName,
    adoptedAt: row.adoptedAt,
    createdAt: row.createdAt,
  };
}

/** Inside a write: the street under its row lock, as it is when this write commits. */
async function readStreetForWrite(tx: Tx, id: string): Promise<StreetRecord> {
  await lockRow(tx.db, 'streets', id);
  return readStreet(tx, id);
}

async function readStreet(tx: Tx, id: string): Promise<StreetRecord> {
  const row = await findStreet(tx.db, id);
  if (!row) throw notFound('street', id);
  return toStreetRecord(row);
}

function alreadyAdopted(street: StreetRecord): AppError {
  return new AppError(
    'CONFLICT',
    `${street.name} is already adopted by ${street.adopterName ?? 'someone else'}. Pick another street, or ask them to release it.`,
  );
}

export async function listStreetMap(services: Services) {
  const { value: rows, lastEventId } = await readSnapshot(services, (db) =>
    listStreets(db, streets.order, STREET_LIST_LIMIT),
  );
  return { items: rows.map(toStreetRecord), lastEventId };
}

export async function createStreet(services: Services, name: string): Promise<StreetRecord> {
  return commitChanges(services, async (tx) => {
    const taken = new AppError('CONFLICT', `A street called "${name}" already exists. Use that one instead.`);
    if (await findStreetByName(tx.db, name)) throw taken;
    const id = newId();
    // The unique index still guards a concurrent create that slipped past the check above.
    if (!(await insertStreet(tx.db, { id, name, adoptedBy: null, adoptedAt: null, createdAt: nowIso() }))) throw taken;
    const record = await readStreet(tx, id);
    await tx.emit({ topic: 'streets', type: 'created', id, record });
    return record;
  });
}

export async function adopt(services: Services, viewer: Viewer, id: string): Promise<StreetRecord> {
  return commitChanges(services, async (tx) => {
    const before = await readStreetForWrite(tx, id);
    if (before.adoptedBy === viewer.id) return before;
    if (before.adoptedBy !== null) throw alreadyAdopted(before);
    if (!(await adoptStreet(tx.db, id, viewer.id, nowIso()))) throw alreadyAdopted(await readStreet(tx, id));
    const record = await readStreet(tx, id);
    await tx.emit({ topic: 'streets', type: 'updated', id, record });
    // Keyed by the street's unique name: adopting, releasing and adopting again pays once.
    await awardPoints(tx, {
      userId: viewer.id,
      points: POINTS_FOR_ADOPTING,
      reason: `Adopted ${record.name}`,
      subject: { kind: 'street', id },
      once: true,
    });
    await awardPoints(tx, {
      userId: viewer.id,
      points: 5,
      reason: 'Adopted a first street',
      badge: ADOPTER_BADGE,
      subject: { kind: 'street', id },
      once: true,
    });
    return record;
  });
}

export async function release(services: Services, viewer: Viewer, id: string): Promise<StreetRecord> {
  return commitChanges(services, async (tx) => {
    const before = await readStreetForWrite(tx, id);
    if (before.adoptedBy === null) return before;
    if (before.adoptedBy !== viewer.id && viewer.role !== 'admin') {
      throw new AppError(
        'FORBIDDEN',
        `Only ${before.adopterName ?? 'the person who adopted it'} or an admin can release ${before.name}.`,
      );
    }
    await releaseStreet(tx.db, id);
    const record = await readStreet(tx, id);
    await tx.emit({ topic: 'streets', type: 'updated', id, record });
    if (before.adoptedBy !== viewer.id) {
      await notify(tx, before.adoptedBy, `${viewer.name} released ${before.name}, which you had adopted.`, {
        kind: 'street',
        id,
      });
    }
    return record;
  });
}

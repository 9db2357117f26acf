import { isPages, type Pages, type Snapshot } from '../apply-event.ts';
import { inScope, type ListSpec } from '../list-spec.ts';
import type { OptimisticChange, Pending, Write, WriteRules } from './write.ts';

type Row = { id: string };

/** A list snapshot already holds this write once it reflects the event id its commit produced. */
function reflects(snapshot: Snapshot<Row>, write: Write): boolean {
  return typeof write.lastEventId === 'number' && Number(snapshot.lastEventId) >= write.lastEventId;
}

function changesOf(write: Write, rules: WriteRules, spec: ListSpec, input: unknown): OptimisticChange[] {
  const rule = rules[write.path];
  if (!rule || write.state === 'failed') return [];
  const context = { key: write.key, userId: write.userId, seen: write.seen, result: write.result };
  return rule
    .optimistic(write.input, context)
    .filter(
      (change) => change.topic === spec.topic && (change.type !== 'created' || inScope(spec, input, change.record)),
    );
}

function marked(row: Row, write: Write): Row & Pending {
  return { ...row, pendingWrite: { state: write.state, held: write.held } };
}

/** One change on a list's rows: upserted in the list's order, updated in place, or removed. */
function applyChange(items: Row[], change: OptimisticChange, write: Write, spec: ListSpec): Row[] {
  const index = items.findIndex((item) => item.id === change.id);
  if (change.type === 'deleted') return index < 0 ? items : items.filter((item) => item.id !== change.id);
  let next: Row[];
  if (change.type === 'updated') {
    if (index < 0) return items;
    next = items.with(index, marked({ ...items[index]!, ...change.update(items[index]) }, write));
  } else {
    if (index < 0 && change.matches && items.some(change.matches)) return items;
    const row = marked({ ...(index < 0 ? {} : items[index]), ...change.record, id: change.id }, write);
    next = index < 0 ? [...items, row] : items.with(index, row);
  }
  return next.sort(spec.compare as (a: Row, b: Row) => number);
}

/** The writes to lay over one list query, with the rules that say what each changes, and the list's spec and input. */
export interface OverlayOn {
  writes: readonly Write[];
  rules: WriteRules;
  spec: ListSpec;
  input: unknown;
}

/**
 * What the screen shows: the server's snapshot with every pending write replayed on top, in the order they were
 * made (rebased, so a row the stream changed meanwhile gets the write applied to its new state). A snapshot that
 * reflects a write's commit skips it, so the real record and its optimistic copy never show together.
 */
export function overlaySnapshot<S extends Snapshot<Row>>(snapshot: S, on: OverlayOn): S {
  const { writes, rules, spec, input } = on;
  let items = snapshot.items;
  for (const write of writes) {
    if (reflects(snapshot, write)) continue;
    for (const change of changesOf(write, rules, spec, input)) items = applyChange(items, change, write, spec);
  }
  return items === snapshot.items ? snapshot : { ...snapshot, items };
}

/** The paged feed: a new row goes to the first page, a change to the page that holds the row. */
export function overlayPages<P extends Pages<Row>>(data: P, on: OverlayOn): P {
  const { writes, rules, spec, input } = on;
  let pages = data.pages;
  for (const write of writes) {
    for (const change of changesOf(write, rules, spec, input)) {
      let at = pages.findIndex((page) => page.items.some((item) => item.id === change.id));
      if (at < 0 && change.type === 'created') at = 0;
      const page = pages[at];
      if (!page || reflects(page, write)) continue;
      pages = pages.with(at, { ...page, items: applyChange(page.items, change, write, spec) });
    }
  }
  return pages === data.pages ? data : { ...data, pages };
}

/** A list query's data as the screen shows it: snapshot or pages, with the pending writes on top. */
export function overlayList<D>(data: D, on: OverlayOn): D {
  if (on.writes.length === 0) return data;
  return (isPages(data) ? overlayPages(data, on) : overlaySnapshot(data as Snapshot<Row>, on)) as D;
}

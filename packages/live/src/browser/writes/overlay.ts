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

/**
 * The rows of one overlay pass that already stand for a write, so two writes never take the same row: two
 * identical posts made within one round trip are two rows, whichever of their records the stream brings first.
 */
type Claimed = Set<string>;

/**
 * Whether the list already holds the record this write creates. By id once the answer told it; before that by
 * its fields (the stream can bring the record before the answer), taking a row no earlier write took.
 */
function holdsCreated(items: Row[], change: OptimisticChange, write: Write, claimed: Claimed): boolean {
  if (change.type !== 'created') return false;
  if (items.some((item) => item.id === change.id)) return false;
  if (write.result !== undefined || !change.matches) return false;
  const row = items.find((item) => !claimed.has(item.id) && change.matches!(item));
  if (row) claimed.add(row.id);
  return row !== undefined;
}

/** A write the list already reflects: the rows it created are its own, not a later identical write's. */
function claimCreated(changes: readonly OptimisticChange[], claimed: Claimed): void {
  for (const change of changes) if (change.type === 'created') claimed.add(change.id);
}

/** One change on a list's rows: upserted in the list's order, updated in place, or removed. */
function applyChange(items: Row[], change: OptimisticChange, write: Write, spec: ListSpec, claimed: Claimed): Row[] {
  const index = items.findIndex((item) => item.id === change.id);
  if (change.type === 'deleted') return index < 0 ? items : items.filter((item) => item.id !== change.id);
  let next: Row[];
  if (change.type === 'updated') {
    if (index < 0) return items;
    next = items.with(index, marked({ ...items[index]!, ...change.update(items[index]) }, write));
  } else {
    if (holdsCreated(items, change, write, claimed)) return items;
    claimed.add(change.id);
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
  const claimed: Claimed = new Set();
  for (const write of writes) {
    const changes = changesOf(write, rules, spec, input);
    if (write.passed || reflects(snapshot, write)) claimCreated(changes, claimed);
    else for (const change of changes) items = applyChange(items, change, write, spec, claimed);
  }
  return items === snapshot.items ? snapshot : { ...snapshot, items };
}

/** The paged feed: a new row goes to the first page, a change to the page that holds the row. */
export function overlayPages<P extends Pages<Row>>(data: P, on: OverlayOn): P {
  const { writes, rules, spec, input } = on;
  let pages = data.pages;
  const claimed: Claimed = new Set();
  for (const write of writes) {
    for (const change of changesOf(write, rules, spec, input)) {
      let at = pages.findIndex((page) => page.items.some((item) => item.id === change.id));
      if (at < 0 && change.type === 'created') at = 0;
      const page = pages[at];
      const done = write.passed || (page !== undefined && reflects(page, write));
      if (done) claimCreated([change], claimed);
      if (!page || done) continue;
      pages = pages.with(at, { ...page, items: applyChange(page.items, change, write, spec, claimed) });
    }
  }
  return pages === data.pages ? data : { ...data, pages };
}

/** A list query's data as the screen shows it: snapshot or pages, with the pending writes on top. */
export function overlayList<D>(data: D, on: OverlayOn): D {
  if (on.writes.length === 0) return data;
  return (isPages(data) ? overlayPages(data, on) : overlaySnapshot(data as Snapshot<Row>, on)) as D;
}

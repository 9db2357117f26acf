import type { Database } from '@adopt/db';
import { type Kysely, sql } from 'kysely';

type Row = Record<string, unknown>;

/** Raw rows with their snake_case column names: the app's CamelCasePlugin is left out on purpose. */
async function rows(db: Kysely<Database>, query: ReturnType<typeof sql>): Promise<Row[]> {
  return (await query.execute(db.withoutPlugins())).rows as Row[];
}

/** How a topic's live record maps onto its table: the table, and the record fields each column must equal. */
const TOPIC_TABLES: Record<string, { table: string; fields: Record<string, (row: Row) => unknown> }> = {
  posts: {
    table: 'posts',
    fields: { body: (r) => r.body, likes: (r) => Number(r.likes), authorId: (r) => r.author_id },
  },
  events: {
    table: 'cleanup_events',
    fields: {
      title: (r) => r.title,
      description: (r) => r.description,
      startsAt: (r) => r.starts_at,
      location: (r) => r.location,
      status: (r) => r.status,
      organiserId: (r) => r.organiser_id,
    },
  },
  tasks: {
    table: 'tasks',
    fields: {
      title: (r) => r.title,
      status: (r) => r.status,
      assigneeId: (r) => r.assignee_id,
      streetId: (r) => r.street_id,
    },
  },
  streets: { table: 'streets', fields: { name: (r) => r.name, adoptedBy: (r) => r.adopted_by } },
  notifications: {
    table: 'notifications',
    fields: { userId: (r) => r.user_id, message: (r) => r.message, read: (r) => r.read_at !== null },
  },
  rewards: {
    table: 'rewards',
    fields: {
      userId: (r) => r.user_id,
      points: (r) => Number(r.points),
      badge: (r) => r.badge,
      reason: (r) => r.reason,
    },
  },
  jobs: {
    table: 'jobs',
    fields: {
      ownerId: (r) => r.owner_id,
      status: (r) => r.status,
      processed: (r) => Number(r.processed),
      total: (r) => Number(r.total),
    },
  },
  announcements: { table: 'announcements', fields: { message: (r) => r.message, authorId: (r) => r.author_id } },
};

/** Foreign keys that must all point at something (checked even though SQLite enforces them). */
const REFERENCES: [table: string, column: string, target: string][] = [
  ['sessions', 'user_id', 'users'],
  ['posts', 'author_id', 'users'],
  ['post_likes', 'post_id', 'posts'],
  ['post_likes', 'user_id', 'users'],
  ['cleanup_events', 'organiser_id', 'users'],
  ['rsvps', 'event_id', 'cleanup_events'],
  ['rsvps', 'user_id', 'users'],
  ['streets', 'adopted_by', 'users'],
  ['tasks', 'street_id', 'streets'],
  ['tasks', 'assignee_id', 'users'],
  ['tasks', 'created_by', 'users'],
  ['notifications', 'user_id', 'users'],
  ['rewards', 'user_id', 'users'],
  ['jobs', 'owner_id', 'users'],
  ['announcements', 'author_id', 'users'],
];

export interface InvariantReport {
  violations: string[];
  checked: Record<string, number>;
}

/**
 * What must hold however the API was called: the event log is gap-free and is exactly the history of the
 * tables (folding it gives every row, field by field), audiences match the records they carry, points add up,
 * and nothing points at something that is not there.
 */
export async function checkInvariants(db: Kysely<Database>): Promise<InvariantReport> {
  const violations: string[] = [];
  const checked: Record<string, number> = {};
  const fail = (message: string) => violations.push(message);

  const [state] = await rows(db, sql`select last_id, trimmed_through from event_log_state`);
  const log = await rows(db, sql`select id, topic, type, record_id, payload, audience from event_log order by id`);
  checked.events = log.length;
  log.forEach((event, i) => {
    if (Number(event.id) !== Number(state?.trimmed_through) + i + 1) fail(`event_log: id ${event.id} at position ${i}`);
  });
  if (Number(state?.last_id) !== Number(log.at(-1)?.id ?? state?.trimmed_through)) {
    fail(`event_log_state.last_id ${state?.last_id} is not the newest event ${log.at(-1)?.id}`);
  }

  // The newest event of each record is its current state.
  const latest = new Map<string, { type: string; record: Row | undefined; audience: Row }>();
  for (const event of log) {
    const payload = JSON.parse(String(event.payload));
    const audience = JSON.parse(String(event.audience)) as Row;
    latest.set(`${event.topic}/${event.record_id}`, { type: String(event.type), record: payload.record, audience });
    checkAudience(String(event.topic), payload, audience, fail);
  }
  for (const [topic, { table, fields }] of Object.entries(TOPIC_TABLES)) {
    const tableRows = await rows(db, sql`select * from ${sql.table(table)}`);
    checked[table] = tableRows.length;
    const byId = new Map(tableRows.map((row) => [String(row.id), row]));
    for (const [key, { type, record }] of latest) {
      if (!key.startsWith(`${topic}/`)) continue;
      const id = key.slice(topic.length + 1);
      const row = byId.get(id);
      if (type === 'deleted') {
        if (row) fail(`${table} ${id}: its last event says deleted, but the row is there`);
        continue;
      }
      if (!row) {
        fail(`${table} ${id}: its last event is ${type}, but there is no row`);
        continue;
      }
      for (const [field, read] of Object.entries(fields)) {
        if (JSON.stringify(record?.[field]) !== JSON.stringify(read(row))) {
          fail(
            `${table} ${id}.${field}: row has ${JSON.stringify(read(row))}, last event ${JSON.stringify(record?.[field])}`,
          );
        }
      }
    }
    for (const id of byId.keys()) {
      if (!latest.has(`${topic}/${id}`)) fail(`${table} ${id}: a row no event ever announced`);
    }
  }

  // Attendees in the last event of each clean-up are the people whose RSVP says going.
  const going = await rows(db, sql`select event_id, user_id from rsvps where going = 1`);
  for (const [key, { type, record }] of latest) {
    if (!key.startsWith('events/') || type === 'deleted') continue;
    const expected = going
      .filter((g) => `events/${g.event_id}` === key)
      .map((g) => String(g.user_id))
      .sort();
    const actual = ((record?.attendees as { id: string }[]) ?? []).map((a) => a.id).sort();
    if (JSON.stringify(expected) !== JSON.stringify(actual)) fail(`${key}: attendees ${actual} but RSVPs ${expected}`);
  }

  const users = await rows(
    db,
    sql`select u.id, u.points, coalesce((select sum(r.points) from rewards r where r.user_id = u.id), 0) as earned,
          (select count(*) from post_likes l where l.user_id = u.id) as likes from users u`,
  );
  checked.users = users.length;
  for (const user of users) {
    if (Number(user.points) !== Number(user.earned)) {
      fail(`user ${user.id}: ${user.points} points, but rewards add up to ${user.earned}`);
    }
    const board = latest.get(`leaderboard/${user.id}`);
    if (Number(user.points) !== 0 && Number(board?.record?.points) !== Number(user.points)) {
      fail(`user ${user.id}: ${user.points} points, leaderboard last said ${board?.record?.points}`);
    }
  }
  for (const post of await rows(
    db,
    sql`select id from posts p where likes != (select count(*) from post_likes l where l.post_id = p.id)`,
  )) {
    fail(`post ${post.id}: its like count is not its number of likes`);
  }
  for (const [table, column, target] of REFERENCES) {
    const [orphans] = await rows(
      db,
      sql`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} is not null
            and ${sql.ref(column)} not in (select id from ${sql.table(target)})`,
    );
    if (Number(orphans?.n) > 0) fail(`${table}.${column}: ${orphans?.n} rows point at no ${target}`);
  }
  const checks: [string, ReturnType<typeof sql>][] = [
    [
      'a badge awarded twice',
      sql`select user_id, badge from rewards where badge is not null group by user_id, badge having count(*) > 1`,
    ],
    [
      'a street adopted without a date, or dated without an adopter',
      sql`select id from streets where (adopted_by is null) != (adopted_at is null)`,
    ],
    [
      'an RSVP to a draft',
      sql`select r.event_id from rsvps r join cleanup_events e on e.id = r.event_id where e.status = 'draft'`,
    ],
    ['a session token stored other than as a SHA-256', sql`select id from sessions where length(token_hash) != 64`],
    [
      'a password stored other than as an scrypt hash',
      sql`select id from users where password_hash not like 'scrypt$%'`,
    ],
    ['a task in an unknown state', sql`select id from tasks where status not in ('open', 'in_progress', 'done')`],
    [
      'an event in an unknown state',
      sql`select id from cleanup_events where status not in ('draft', 'published', 'cancelled')`,
    ],
  ];
  for (const [what, query] of checks) {
    const found = await rows(db, query);
    if (found.length > 0) fail(`${what}: ${JSON.stringify(found.slice(0, 3))}`);
  }
  return { violations, checked };
}

/** Who may receive an event follows from its record, whatever the input that caused it. */
function checkAudience(topic: string, event: Row, audience: Row, fail: (message: string) => void): void {
  if (topic.startsWith('$')) {
    if (Object.keys(audience).length > 0) fail(`${topic} control event with an audience ${JSON.stringify(audience)}`);
    return;
  }
  const record = event.record as Row | undefined;
  const everyone = audience.everyone === true;
  const users = (audience.users as string[] | undefined) ?? [];
  const where = `${topic} ${String(event.id)}`;
  if (topic === 'notifications' || topic === 'rewards') {
    if (everyone || audience.admins || (record && (users.length !== 1 || users[0] !== record.userId))) {
      fail(`${where}: a personal event with audience ${JSON.stringify(audience)}`);
    }
  } else if (topic === 'jobs') {
    if (everyone || (record && !users.includes(String(record.ownerId))))
      fail(`${where}: job audience ${JSON.stringify(audience)}`);
  } else if (topic === 'events') {
    if (everyone && record?.status === 'draft') fail(`${where}: a draft sent to everyone`);
  } else if (topic === 'presence') {
    // Who is online is for signed-in members, never for anonymous readers.
    if (everyone || audience.members !== true) fail(`${where}: presence audience ${JSON.stringify(audience)}`);
  } else if (topic === 'users') {
    // A member's role or ban: the admins and that member, nobody else.
    if (everyone || audience.members || !audience.admins || users.length !== 1 || users[0] !== String(event.id)) {
      fail(`${where}: member audience ${JSON.stringify(audience)}`);
    }
  } else if (!everyone) {
    fail(`${where}: a public topic with audience ${JSON.stringify(audience)}`);
  }
}

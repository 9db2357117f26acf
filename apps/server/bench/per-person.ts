// `npx tsx apps/server/bench/per-person.ts [--clients 1000,10000] [--people 1000]`: what a job that notifies
// `people` people one by one costs the bus with that many signed-in subscribers, against the same number of
// events to everyone and against the old dispatch that checked every subscriber. See docs/benchmark.md.
import { parseArgs } from 'node:util';
import { type DeliverySink, EventBus, type LogRow, type ViewerState } from '@adopt/live';

type Audience = { everyone: true } | { users: string[] };

const { values: flags } = parseArgs({
  options: { clients: { type: 'string', default: '1000,10000' }, people: { type: 'string', default: '1000' } },
});

/** The log in memory: the bench measures dispatch, not the database (the HTTP bench covers that). */
function memoryLog(rows: LogRow[]) {
  return {
    bounds: async () => ({ lastId: rows.length, trimmedThrough: 0 }),
    after: async (id: number, limit: number) => rows.slice(id, id + limit),
  };
}

type Mode = 'per-person' | 'per-person, old dispatch' | 'broadcast';

/** CPU µs and deliveries for `people` events dispatched to `clients` subscribers (one per user). */
async function run(mode: Mode, clients: number, people: number) {
  const rows: LogRow[] = [];
  const bus = new EventBus<ViewerState, Audience>({
    log: memoryLog(rows),
    pollIntervalMs: 0,
    audiences: {
      canSee: (a, viewer) => 'everyone' in a || (viewer.userId !== null && a.users.includes(viewer.userId)),
      // The old dispatch did not know who an audience was limited to, so every subscriber was checked.
      onlyUsers: (a) => (mode === 'per-person, old dispatch' || 'everyone' in a ? null : a.users),
    },
  });
  await bus.start();
  let received = 0;
  const sink: DeliverySink = { deliver: () => received++, whenReady: () => null, closed: () => {} };
  for (let i = 0; i < clients; i++) {
    const viewer = { userId: `u${i}`, sessionId: `s${i}`, expiresAt: null };
    bus.attach({ topics: ['notifications'], viewer, after: null }, sink);
  }
  for (let i = 0; i < people; i++) {
    const audience: Audience = mode === 'broadcast' ? { everyone: true } : { users: [`u${i % clients}`] };
    const payload = JSON.stringify({ topic: 'notifications', type: 'created', id: `n${i}`, text: 'You have a reply' });
    rows.push({ id: i + 1, topic: 'notifications', payload, audience: JSON.stringify(audience) });
  }
  const start = process.cpuUsage();
  await bus.wake();
  const cpu = process.cpuUsage(start);
  bus.stop();
  return { cpuMs: (cpu.user + cpu.system) / 1000, received };
}

const people = Number(flags.people);
const modes: Mode[] = ['per-person', 'per-person, old dispatch', 'broadcast'];
console.log(`| subscribers | job | events | deliveries | bus CPU | CPU per event |`);
console.log(`| ---: | --- | ---: | ---: | ---: | ---: |`);
// Warm-up of every path, so the first size measured does not pay for the JIT alone.
for (const mode of modes) for (let i = 0; i < 5; i++) await run(mode, 1000, people);
for (const clients of flags.clients.split(',').map(Number)) {
  for (const mode of modes) {
    // Five runs, the median shown: the first ones also pay for the JIT.
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await run(mode, clients, people));
    const { cpuMs, received } = runs.sort((a, b) => a.cpuMs - b.cpuMs)[2] as (typeof runs)[number];
    const perEvent = ((cpuMs * 1000) / people).toFixed(1);
    console.log(`| ${clients} | ${mode} | ${people} | ${received} | ${cpuMs.toFixed(1)} ms | ${perEvent} µs |`);
  }
}

import { changeRole, TOPICS } from '@adopt/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Person, signUp, viewerOf } from '../http-client.ts';
import { SseStream, subscriptionPath } from '../sse-stream.ts';
import { useTestServer } from '../test-server.ts';
import { readEventLog, type Viewer, visibleTo } from './event-log.ts';
import { report } from './report.ts';

const EVENT = { title: 'Secret plan', description: 'Not announced yet', location: 'Elm Street' };
const startsAt = () => new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();

/** Opens a raw stream as `person` (or anonymously): every frame the server sends is kept for inspection. */
function open(url: string, person: Person | null, procedure: string, input: unknown, headers = {}) {
  return SseStream.open(url, subscriptionPath(procedure, input), {
    headers: { ...(person ? { Authorization: `Bearer ${person.token}` } : {}), ...headers },
  });
}

/**
 * Publishes an event as `person` and waits until `stream` carries it: a barrier after which the stream has been
 * sent everything committed before.
 */
async function sendMarker(person: Person, stream: SseStream): Promise<void> {
  const marker = await person.api.events.create.mutate({ ...EVENT, title: 'marker', startsAt: startsAt() });
  await person.api.events.publish.mutate({ id: marker.id });
  await stream.waitFor((f) => f.data.includes(marker.id) && f.data.includes('published'));
}

describe('audiences under attack', () => {
  // The attacker opens many streams at once; the per-user limit has its own test.
  const server = useTestServer({ TRUST_PROXY: true, SSE_MAX_CONNECTIONS_PER_USER: 100 });
  let admin: Person;
  beforeAll(async () => {
    admin = await signUp(server.url, 'Admin');
  });

  it('never sends a member a draft, a notification, a reward or a job of someone else, whatever they ask for', async () => {
    const url = server.url;
    const victim = await signUp(url, 'Victim');
    const attacker = await signUp(url, 'Attacker');
    const { lastEventId: before } = await victim.api.posts.list.query({});
    await victim.api.posts.create.mutate({ body: 'earns points, a badge and notifications' });
    const draft = await victim.api.events.create.mutate({ ...EVENT, startsAt: startsAt() });
    const job = await admin.api.jobs.start.mutate({ kind: 'recomputeLeaderboard' });
    const log = readEventLog(server.config.DATABASE_PATH);
    const privateEvents = log.filter((e) => !e.audience.everyone && e.topic !== '$session' && e.topic !== '$user');
    const secrets = new Set([draft.id, job.id, ...privateEvents.map((e) => e.recordId)]);
    expect(privateEvents.map((e) => e.topic)).toEqual(expect.arrayContaining(['notifications', 'rewards', 'events']));

    const all = [...TOPICS];
    const crafted: [string, unknown, Record<string, string>?][] = [
      ['live.onChange', { topics: all, lastEventId: '0' }],
      ['live.onChange', { topics: all, lastEventId: before }],
      ['live.onChange', { topics: all, lastEventId: '999999999999999' }],
      ['live.onChange', { topics: ['notifications', 'notifications', 'jobs', 'events', 'rewards'], lastEventId: '0' }],
      ['live.onChange', { topics: all }, { 'Last-Event-ID': '0' }],
      [
        'live.onChange',
        JSON.parse(
          `{"topics":${JSON.stringify(all)},"lastEventId":"0","userId":"${victim.user.id}","role":"admin",` +
            `"viewer":{"id":"${victim.user.id}","role":"admin"},"audience":{"everyone":true},"__proto__":{"role":"admin"}}`,
        ),
      ],
      ...privateEvents.map((e): [string, unknown] => ['live.onChange', { topics: all, lastEventId: String(e.id - 1) }]),
      ...['notifications', 'rewards', 'jobs', 'events'].map((t): [string, unknown] => [
        `${t}.onChange`,
        { lastEventId: '0' },
      ]),
      ['notifications.onChange', { lastEventId: '0', userId: victim.user.id }],
    ];
    const streams: { stream: SseStream; topics: string[]; viewer: Viewer; what: string }[] = [];
    try {
      // Streams with nothing the viewer may ever see on their topics open first, so their replays run first.
      const ordered = [
        ...crafted.filter(([procedure]) => procedure !== 'live.onChange'),
        ...crafted.filter(([procedure]) => procedure === 'live.onChange'),
      ];
      for (const [procedure, input, headers] of ordered) {
        for (const who of [attacker, null]) {
          const topics =
            procedure === 'live.onChange'
              ? [...new Set((input as { topics: string[] }).topics)]
              : [procedure.split('.')[0] as string];
          streams.push({
            stream: await open(url, who, procedure, input, headers),
            topics,
            viewer: who ? viewerOf(who) : { userId: null, role: null },
            what: `${who ? 'member' : 'anonymous'} ${procedure} ${JSON.stringify(input)} ${JSON.stringify(headers ?? {})}`,
          });
        }
      }
      // The victim's own stream is the control: the same ids do travel to the person allowed to see them.
      const own = await open(url, victim, 'live.onChange', { topics: all, lastEventId: before });

      // Markers the attacker may see on each topic it can see anything on: a post (with its own reward and
      // notification) and a published event. A stream has caught up once its markers arrived.
      const markersFrom = Number((await attacker.api.posts.list.query({})).lastEventId);
      await attacker.api.posts.create.mutate({ body: 'marker' });
      const marker = await attacker.api.events.create.mutate({ ...EVENT, title: 'marker', startsAt: startsAt() });
      await attacker.api.events.publish.mutate({ id: marker.id });
      const markers = readEventLog(server.config.DATABASE_PATH, markersFrom);
      let blind = 0;
      for (const { stream, topics, viewer, what } of streams) {
        const due = visibleTo(markers, topics, viewer).at(-1);
        if (due) await stream.waitFor((f) => f.id !== null && Number(f.id) >= due.id, 5000, `the markers on ${what}`);
        else blind += 1;
      }
      const victimsOwn = visibleTo(log, all, viewerOf(victim)).filter((e) => !e.audience.everyone);
      await own.waitForId(victimsOwn.at(-1)?.id ?? 0);
      expect(victimsOwn.filter((e) => !own.frames.some((f) => f.data.includes(e.recordId)))).toEqual([]);

      const leaks = streams.flatMap(({ stream, what }) =>
        stream.frames.filter((f) => [...secrets].some((id) => f.data.includes(id))).map((f) => ({ what, f })),
      );
      expect(leaks).toEqual([]);
      own.close();

      report('audiences-crafted-input', {
        craftedSubscriptions: streams.length,
        privateRecords: secrets.size,
        framesInspected: streams.reduce((n, s) => n + s.stream.frames.length, 0),
        streamsWithNothingTheyMaySee: blind,
        leaked: leaks.length,
      });
    } finally {
      for (const { stream } of streams) stream.close();
    }
  });

  it('keeps a cancelled draft as private as the draft was', async () => {
    const url = server.url;
    const organiser = await signUp(url, 'Organiser');
    const neighbour = await signUp(url, 'Neighbour');
    const { lastEventId } = await neighbour.api.events.list.query();
    const watching = await open(url, neighbour, 'live.onChange', { topics: ['events'], lastEventId });
    try {
      const draft = await organiser.api.events.create.mutate({ ...EVENT, startsAt: startsAt() });
      await organiser.api.events.cancel.mutate({ id: draft.id }).catch(() => undefined);
      await sendMarker(organiser, watching);
      expect(watching.frames.filter((f) => f.data.includes(draft.id))).toEqual([]);
      expect((await neighbour.api.events.list.query()).items.map((e) => e.id)).not.toContain(draft.id);
      await expect(neighbour.api.events.byId.query({ id: draft.id })).rejects.toMatchObject({
        data: { code: 'NOT_FOUND' },
      });
    } finally {
      watching.close();
    }
  });

  it('stops sending admin-only events to a demoted admin at once, on the same connection', async () => {
    const url = server.url;
    const deputy = await signUp(url, 'Deputy');
    const member = await signUp(url, 'Member');
    await changeRole(server.services, deputy.email, 'admin');
    const { lastEventId } = await deputy.api.events.list.query();
    const stream = await open(url, deputy, 'live.onChange', { topics: ['events', 'jobs'], lastEventId });
    try {
      const seen = await member.api.events.create.mutate({ ...EVENT, startsAt: startsAt() });
      await stream.waitFor((f) => f.data.includes(seen.id));

      await changeRole(server.services, deputy.email, 'member');
      const hidden = await member.api.events.create.mutate({ ...EVENT, title: 'after demotion', startsAt: startsAt() });
      const job = await admin.api.jobs.start.mutate({ kind: 'recomputeLeaderboard' });
      await sendMarker(member, stream);
      expect(stream.frames.filter((f) => f.data.includes(hidden.id) || f.data.includes(job.id))).toEqual([]);
      expect(stream.ended).toBeNull();
      await expect(deputy.api.admin.stats.query()).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });

      // Promoted again, the same stream carries admin events again.
      await changeRole(server.services, deputy.email, 'admin');
      const again = await member.api.events.create.mutate({ ...EVENT, title: 'after promotion', startsAt: startsAt() });
      await stream.waitFor((f) => f.data.includes(again.id));
      expect(stream.ended).toBeNull();
    } finally {
      stream.close();
    }
  });

  it('ends every stream of a session that logs out, and the token cannot resume', async () => {
    const url = server.url;
    const leaver = await signUp(url, 'Leaver');
    const other = await signUp(url, 'Other');
    const { lastEventId } = await leaver.api.posts.list.query({});
    const tabs = [
      await open(url, leaver, 'live.onChange', { topics: ['posts', 'notifications'], lastEventId }),
      await open(url, leaver, 'notifications.onChange', { lastEventId }),
      await open(url, leaver, 'posts.onChange', { lastEventId }),
    ];
    try {
      const post = await leaver.api.posts.create.mutate({ body: 'before logout' });
      for (const tab of tabs.slice(0, 1)) await tab.waitFor((f) => f.data.includes(post.id));
      await leaver.api.auth.logout.mutate();
      for (const tab of tabs) {
        const goodbye = await tab.waitFor((f) => f.event === 'serialized-error');
        expect(JSON.parse(goodbye.data)).toMatchObject({ data: { code: 'UNAUTHORIZED' } });
        expect(goodbye.data).toMatch(/log in/i);
        expect(await tab.waitForEnd()).toBe('end');
      }
      await other.api.posts.create.mutate({ body: 'while logged out' });
      const resumed = await open(url, leaver, 'live.onChange', { topics: ['posts', 'notifications'], lastEventId });
      try {
        const refused = await resumed.waitFor((f) => f.event === 'serialized-error');
        expect(JSON.parse(refused.data)).toMatchObject({ data: { code: 'UNAUTHORIZED' } });
        expect(resumed.events).toEqual([]);
        expect(await resumed.waitForEnd()).toBe('end');
      } finally {
        resumed.close();
      }
    } finally {
      for (const tab of tabs) tab.close();
    }
  });
});

describe('a session that expires', () => {
  const TTL_MS = 1500;
  const server = useTestServer({ TRUST_PROXY: true, SESSION_TTL_DAYS: TTL_MS / 86_400_000 });

  it('ends its streams, even quiet ones, and cannot resume them', async () => {
    const url = server.url;
    const writer = await signUp(url, 'Writer');
    const brief = await signUp(url, 'Brief');
    const expiresAt = Date.now() + TTL_MS;
    const { lastEventId } = await brief.api.posts.list.query({});
    const busy = await open(url, brief, 'live.onChange', { topics: ['posts', 'notifications'], lastEventId });
    // Nothing is ever published on these for Brief: only the clock can end this stream.
    const quiet = await open(url, brief, 'live.onChange', { topics: ['jobs', 'rewards'], lastEventId });
    try {
      const post = await writer.api.posts.create.mutate({ body: 'while the session is fresh' });
      await busy.waitFor((f) => f.data.includes(post.id));
      for (const stream of [busy, quiet]) {
        const goodbye = await stream.waitFor((f) => f.event === 'serialized-error', TTL_MS + 5000);
        expect(JSON.parse(goodbye.data)).toMatchObject({ data: { code: 'UNAUTHORIZED' } });
        expect(goodbye.data).toMatch(/session ended/i);
        expect(await stream.waitForEnd()).toBe('end');
      }
      expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);

      const again = await open(url, brief, 'live.onChange', { topics: ['posts'], lastEventId });
      try {
        const refused = await again.waitFor((f) => f.event === 'serialized-error');
        expect(refused.data).toMatch(/session has expired/i);
        expect(again.events).toEqual([]);
      } finally {
        again.close();
      }
      expect(await brief.api.auth.me.query()).toBeNull();
      await expect(brief.api.posts.create.mutate({ body: 'expired' })).rejects.toMatchObject({
        data: { code: 'UNAUTHORIZED' },
      });
    } finally {
      busy.close();
      quiet.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { IMPORT_BATCH_SIZE, MAX_IMPORT_CSV_CHARS, MAX_IMPORT_ROWS } from '../../src/domain/jobs/import-events.ts';
import type { LiveMessage } from '../../src/live/topics.ts';
import type { JobRecord } from '../../src/records.ts';
import type { LiveRecorder } from '../live-recorder.ts';
import type { Api, ContractTarget } from './client.ts';
import { expectDatabaseUnchanged, expectTrpcError } from './expect.ts';
import { listen, useApp } from './setup.ts';

const HEADER = 'title,description,startsAt,location';
const row = (n: number) => `Sweep ${n},Bring gloves,2030-06-0${(n % 9) + 1}T10:00:00Z,Elm Street`;

type JobMessage = LiveMessage<'jobs'>;
const jobOf = (e: JobMessage) => (e.type !== 'resync' && e.type !== 'deleted' ? e.record : null);
const finished = (jobId: string) => (e: JobMessage) => {
  const job = jobOf(e);
  return job?.id === jobId && (job.status === 'done' || job.status === 'failed');
};

/** Starts a job and follows it live until it is done or failed; returns every state it went through. */
async function runJob(api: Api, input: Parameters<Api['jobs']['start']['mutate']>[0], timeoutMs = 15_000) {
  const { lastEventId } = await api.jobs.list.query();
  const live: LiveRecorder<JobMessage> = listen(api.jobs.onChange, { lastEventId });
  try {
    const queued = await api.jobs.start.mutate(input);
    expect(queued).toMatchObject({ status: 'queued', processed: 0, result: null, error: null });
    await live.waitFor(finished(queued.id), timeoutMs);
    const states = live.data.map(jobOf).filter((job): job is JobRecord => job?.id === queued.id);
    return { queued, states, final: states.at(-1)! };
  } finally {
    live.close();
  }
}

export function jobsContract(target: ContractTarget): void {
  describe('jobs', () => {
    const app = useApp(target);

    it('imports events from CSV in batches, reporting progress live and the rows it could not use', async () => {
      const admin = app.admin().api;
      const rows = Array.from({ length: 2 * IMPORT_BATCH_SIZE + 20 }, (_, i) => row(i + 1));
      rows[4] = ',No title,2030-06-01T10:00:00Z,Elm Street'; // spreadsheet row 6
      rows[9] = 'Bad date,Bring gloves,soon,Elm Street'; // row 11
      rows[14] = 'Too,few,fields'; // row 16
      const csv = [HEADER, ...rows].join('\r\n');

      const { queued, states, final } = await runJob(admin, { kind: 'importEvents', csv });
      expect(queued.kind).toBe('importEvents');
      const total = rows.length;
      expect(states.map((s) => [s.status, s.processed, s.total])).toEqual([
        ['queued', 0, 0],
        ['running', 0, 0],
        ['running', 0, total],
        ['running', IMPORT_BATCH_SIZE, total],
        ['running', 2 * IMPORT_BATCH_SIZE, total],
        ['running', total, total],
        ['done', total, total],
      ]);
      const result = JSON.parse(final.result ?? 'null');
      expect(result).toMatchObject({
        created: total - 3,
        summary: `Imported ${total - 3} of ${total} rows as draft events. 3 rows had problems; fix them and import those again.`,
      });
      expect(result.errors).toEqual([
        { row: 6, reason: expect.stringMatching(/^title: /) },
        { row: 11, reason: expect.stringMatching(/^startsAt: /) },
        { row: 16, reason: 'expected 4 fields but found 3' },
      ]);
      expect((await admin.jobs.list.query()).items[0]).toEqual(final);

      const imported = (await admin.events.list.query()).items.filter((e) => e.title.startsWith('Sweep '));
      expect(imported).toHaveLength(total - 3);
      expect(imported.every((e) => e.status === 'draft' && e.organiserId === app.admin().user.id)).toBe(true);
    });

    it('reads quoted fields with commas, doubled quotes and line breaks, in any column order', async () => {
      const csv = [
        'Location,startsAt,Title,Description',
        '"Elm, north end",2030-07-01T09:30:00+01:00,"The ""big"" sweep","Meet at the gate,\nbring gloves"',
      ].join('\n');
      const { final } = await runJob(app.admin().api, { kind: 'importEvents', csv });
      expect(final).toMatchObject({ status: 'done', processed: 1, total: 1 });
      const event = (await app.admin().api.events.list.query()).items.find((e) => e.title === 'The "big" sweep');
      expect(event).toMatchObject({
        location: 'Elm, north end',
        description: 'Meet at the gate,\nbring gloves',
        startsAt: '2030-07-01T08:30:00.000Z',
        status: 'draft',
      });
    });

    it('fails the job with a clear error for a bad header, broken CSV or too many rows, importing nothing', async () => {
      const admin = app.admin().api;
      const before = (await admin.events.list.query()).items;
      const cases = [
        { csv: 'name,when,where\nSweep,2030-06-01T10:00:00Z,Elm', error: /header title,description,startsAt,location/ },
        {
          csv: `${HEADER}\n"Sweep,never closed,2030-06-01T10:00:00Z,Elm`,
          error: /not valid CSV: row 2: .*never closed/,
        },
        {
          csv: [HEADER, ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => 'a,b,2030-06-01T10:00:00Z,c')].join('\n'),
          error: new RegExp(`${MAX_IMPORT_ROWS + 1} rows; import at most ${MAX_IMPORT_ROWS}`),
        },
      ];
      for (const { csv, error } of cases) {
        const { states, final } = await runJob(admin, { kind: 'importEvents', csv });
        expect(states.map((s) => s.status)).toEqual(['queued', 'running', 'failed']);
        expect(final.result).toBeNull();
        expect(final.error).toMatch(error);
      }
      expect((await admin.events.list.query()).items).toEqual(before);
    });

    it('recomputes the leaderboard from the rewards, leaving correct totals alone', async () => {
      const wyn = await app.signUp('Wyn');
      await wyn.api.posts.create.mutate({ body: 'Points for Wyn' });
      const { lastEventId } = await wyn.api.posts.list.query({});
      const board = listen(app.anonymous().live.onChange, { topics: ['leaderboard'], lastEventId });
      try {
        const { states, final } = await runJob(app.admin().api, { kind: 'recomputeLeaderboard' });
        const people = final.total;
        expect(people).toBeGreaterThanOrEqual(2);
        expect(states.map((s) => [s.status, s.processed, s.total])).toEqual([
          ['queued', 0, 0],
          ['running', 0, 0],
          ['running', 0, people],
          ['running', people, people],
          ['done', people, people],
        ]);
        expect(JSON.parse(final.result ?? 'null')).toMatchObject({ checked: people, corrected: 0 });
        // The totals were right, so nothing is announced: a later change is the first thing the board hears.
        await wyn.api.posts.create.mutate({ body: 'marker' });
        const [first] = await board.waitForCount(1);
        expect(first?.data).toMatchObject({ topic: 'leaderboard', id: wyn.user.id, record: { points: 7 } });
        expect((await wyn.api.auth.me.query())?.points).toBe(7);
      } finally {
        board.close();
      }
    });

    it('shows jobs only to their owner and admins', async () => {
      const xia = await app.signUp('Xia');
      const { lastEventId } = await xia.api.jobs.list.query();
      const watching = listen(xia.api.live.onChange, { topics: ['jobs', 'events', 'posts'], lastEventId });
      try {
        const { queued } = await runJob(app.admin().api, { kind: 'importEvents', csv: `${HEADER}\n${row(1)}` });
        expect((await xia.api.jobs.list.query()).items).toEqual([]);
        expect((await app.admin().api.jobs.list.query()).items.map((j) => j.id)).toContain(queued.id);
        const marker = await xia.api.posts.create.mutate({ body: 'marker' });
        await watching.waitFor((e) => 'id' in e && e.id === marker.id);
        expect(watching.data.map((e) => 'topic' in e && e.topic)).toEqual(['posts']);
      } finally {
        watching.close();
      }
    });

    it('refuses non-admins and bad input, naming the field and changing nothing', async () => {
      const yan = await app.signUp('Yan');
      const admin = app.admin().api;
      await expectTrpcError(yan.api.jobs.start.mutate({ kind: 'recomputeLeaderboard' }), 'FORBIDDEN', /admins/);
      await expectTrpcError(app.anonymous().jobs.start.mutate({ kind: 'recomputeLeaderboard' }), 'UNAUTHORIZED');
      await expectTrpcError(app.anonymous().jobs.list.query(), 'UNAUTHORIZED');
      await expectDatabaseUnchanged(admin, async () => {
        const start = admin.jobs.start;
        await expectTrpcError(start.mutate({ kind: 'importEvents', csv: '' }), 'BAD_REQUEST', /csv/);
        await expectTrpcError(
          start.mutate({ kind: 'importEvents', csv: 'x'.repeat(MAX_IMPORT_CSV_CHARS + 1) }),
          'BAD_REQUEST',
          /csv: import at most/,
        );
        await expectTrpcError(start.mutate({ kind: 'importEvents' } as never), 'BAD_REQUEST', /csv/);
        await expectTrpcError(start.mutate({ kind: 'importEvents', csv: 42 } as never), 'BAD_REQUEST', /csv/);
        await expectTrpcError(start.mutate({ kind: 'dropTables' } as never), 'BAD_REQUEST', /kind/);
      });
    });

    it('imports a file of 5,000 rows (over the usual body limit), its progress rising batch by batch', async () => {
      const count = 5000;
      const rows = Array.from(
        { length: count },
        (_, i) => `Litter pick ${i + 1},Bring a bag,2030-09-01T10:00:00Z,Oak Road`,
      );
      const csv = [HEADER, ...rows].join('\n');
      expect(csv.length).toBeGreaterThan(100_000);
      const { states, final } = await runJob(app.admin().api, { kind: 'importEvents', csv }, 60_000);
      const progress = states.filter((s) => s.status === 'running' && s.total === count).map((s) => s.processed);
      expect(progress).toEqual(Array.from({ length: count / IMPORT_BATCH_SIZE + 1 }, (_, i) => i * IMPORT_BATCH_SIZE));
      expect(final).toMatchObject({ status: 'done', processed: count, total: count, error: null });
      expect(JSON.parse(final.result ?? 'null')).toMatchObject({ created: count, errors: [] });
    });
  });
}

import { insertJob, type Job, listJobs as listJobRows, listUnfinishedJobs, updateJob } from '@adopt/db';
import type { Viewer } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { commitChanges, readSnapshot, type Tx } from '../../live/commit.ts';
import type { JobRecord } from '../../records.ts';
import type { Services } from '../../services.ts';
import { jobs } from '../../topics/jobs.ts';
import { newId, nowIso } from '../ids.ts';
import { importEvents } from './import-events.ts';
import { type JobContext, JobFailure } from './job-context.ts';
import { recomputeLeaderboard } from './recompute-leaderboard.ts';
import { untrackedRunner } from './runner.ts';

export type JobInput = { kind: 'recomputeLeaderboard' } | { kind: 'importEvents'; csv: string };

const LIST_LIMIT = 100;

function toJobRecord(job: Job): JobRecord {
  return {
    ...job,
    kind: job.kind as JobRecord['kind'],
    processed: Number(job.processed),
    total: Number(job.total),
  };
}

async function saveJob(tx: Tx, id: string, changes: Partial<Omit<Job, 'id'>>): Promise<JobRecord> {
  const record = toJobRecord(await updateJob(tx.db, id, { ...changes, updatedAt: nowIso() }));
  await tx.emit({ topic: 'jobs', type: 'updated', id, record });
  return record;
}

function describeFailure(error: unknown): string {
  if (error instanceof JobFailure || error instanceof AppError) return error.message;
  const reason = error instanceof Error ? error.message : String(error);
  return `The job stopped unexpectedly (${reason}). Start it again; if it keeps failing, report it.`;
}

/** Queues the job, answers at once with its record, and runs it in the background of this process. */
export async function startJob(services: Services, viewer: Viewer, input: JobInput): Promise<JobRecord> {
  const queued = await commitChanges(services, async (tx) => {
    const now = nowIso();
    const job: Job = {
      id: newId(),
      ownerId: viewer.id,
      kind: input.kind,
      status: 'queued',
      processed: 0,
      total: 0,
      result: null,
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    await insertJob(tx.db, job);
    const record = toJobRecord(job);
    await tx.emit({ topic: 'jobs', type: 'created', id: job.id, record });
    return record;
  });
  (services.jobs ?? untrackedRunner).run(queued.id, () => runJob(services, queued, input));
  return queued;
}

/** Takes the job from running to done or failed; whatever goes wrong ends up in the job's error text. */
export async function runJob(services: Services, queued: JobRecord, input: JobInput): Promise<void> {
  const job = await commitChanges(services, (tx) => saveJob(tx, queued.id, { status: 'running' }));
  const context: JobContext = {
    services,
    job,
    step: ({ processed, total }, work) =>
      commitChanges(services, async (tx) => {
        await work?.(tx);
        await saveJob(tx, job.id, { processed, total });
      }),
  };
  try {
    const result =
      input.kind === 'importEvents' ? await importEvents(context, input.csv) : await recomputeLeaderboard(context);
    await commitChanges(services, (tx) => saveJob(tx, job.id, { status: 'done', result: JSON.stringify(result) }));
  } catch (error) {
    await commitChanges(services, (tx) => saveJob(tx, job.id, { status: 'failed', error: describeFailure(error) }));
  }
}

/** Admins see every job; anyone else sees the jobs they started. */
export async function listJobs(services: Services, viewer: Viewer) {
  const ownerId = viewer.role === 'admin' ? null : viewer.id;
  const { value: rows, lastEventId } = await readSnapshot(services, (db) =>
    listJobRows(db, ownerId, jobs.order, LIST_LIMIT),
  );
  return { items: rows.map(toJobRecord), lastEventId };
}

/**
 * A job runs inside one server process; if that process died, its jobs would show "running" forever.
 * At start-up, jobs untouched for `staleAfterMs` are marked failed so their owner can start them again.
 */
export async function failInterruptedJobs(services: Services, staleAfterMs: number): Promise<number> {
  const cutoff = new Date(Date.now() - staleAfterMs).toISOString();
  const stale = await listUnfinishedJobs(services.db, cutoff);
  for (const job of stale) {
    await commitChanges(services, (tx) =>
      saveJob(tx, job.id, { status: 'failed', error: 'The server stopped while this job ran. Start it again.' }),
    );
  }
  return stale.length;
}

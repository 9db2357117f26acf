import type { Tx } from '../../live/commit.ts';
import type { JobRecord } from '../../records.ts';
import type { Services } from '../../services.ts';

/** What a running job may do besides its own work: report how far it got. */
export interface JobContext {
  services: Services;
  job: JobRecord;
  /**
   * Commits `work` together with the progress it made, so the count a viewer sees never runs ahead
   * of the rows actually written.
   */
  step(progress: { processed: number; total: number }, work?: (tx: Tx) => Promise<void>): Promise<void>;
}

/** A job's result: `summary` for people, the rest for screens that want detail. */
export interface JobResult {
  summary: string;
  [detail: string]: unknown;
}

/** A reason a job stopped that its owner can act on; its message becomes the job's error text. */
export class JobFailure extends Error {
  override name = 'JobFailure';
}

/** Called when a job's failure could not even be recorded (e.g. the database went away): it must reach a log. */
export type CrashReporter = (error: unknown, jobId: string) => void;

const logToStderr: CrashReporter = (error, jobId) => console.error(`Job ${jobId} crashed:`, error);

/**
 * Runs jobs in the background of this process and keeps track of them, so a shutdown can wait
 * for them to finish instead of cutting them off half-way. A job's errors never escape it.
 */
export class JobRunner {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly reportCrash: CrashReporter = logToStderr) {}

  run(jobId: string, work: () => Promise<void>): void {
    const running = Promise.resolve()
      .then(work)
      .catch((error: unknown) => this.reportCrash(error, jobId))
      .finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }

  /** How many jobs are running now. */
  get size(): number {
    return this.inFlight.size;
  }

  /** Resolves once every job started so far has finished. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }
}

/** For Services built without a runner (e.g. the admin command): jobs still run, just untracked. */
export const untrackedRunner = new JobRunner();

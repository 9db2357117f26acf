import { z } from 'zod';
import { MAX_IMPORT_CSV_CHARS } from '../domain/jobs/import-events.ts';
import { listJobs, startJob } from '../domain/jobs/lifecycle.ts';
import { adminProcedure, authedProcedure } from '../trpc.ts';
import { topicRouter } from './topic-router.ts';

const JobInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recomputeLeaderboard') }),
  z.object({
    kind: z.literal('importEvents'),
    csv: z
      .string()
      .min(1, 'paste or upload a CSV file with the header title,description,startsAt,location')
      .max(MAX_IMPORT_CSV_CHARS, `import at most ${MAX_IMPORT_CSV_CHARS / 1000} KB at a time; split the file`),
  }),
]);

export const jobsRouter = topicRouter('jobs', {
  start: adminProcedure.input(JobInput).mutation(({ ctx, input }) => startJob(ctx.services, ctx.viewer, input)),
  list: authedProcedure.query(({ ctx }) => listJobs(ctx.services, ctx.viewer)),
});

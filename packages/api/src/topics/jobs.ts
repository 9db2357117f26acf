import type { JobRecord } from '../records.ts';
import { defineTopic } from './define.ts';

/** Background jobs and their progress: for the job's owner and the admins. */
export const jobs = defineTopic<JobRecord>()('jobs', {
  list: 'jobs.list',
  order: [['createdAt', 'desc']],
  audience: (job: Pick<JobRecord, 'ownerId'>) => ({ admins: true, users: [job.ownerId] }),
});

import type { InstanceStatsRecord } from '../records.ts';
import { defineTopic } from './define.ts';

/** Each server instance's live figures, for the Admin screen. */
export const stats = defineTopic<InstanceStatsRecord>()('stats', {
  list: 'stats.instances',
  order: [['startedAt', 'asc']],
  audience: (_instance: Pick<InstanceStatsRecord, 'id'>) => ({ admins: true }),
});

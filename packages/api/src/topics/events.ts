import type { EventRecord } from '../records.ts';
import { defineTopic } from './define.ts';

/** Clean-up events, soonest first. A draft is its organiser's work in progress: only they and the admins hear of it. */
export const events = defineTopic<EventRecord>()('events', {
  list: 'events.list',
  order: [['startsAt', 'asc']],
  audience: (event: Pick<EventRecord, 'status' | 'organiserId'>) =>
    event.status === 'draft' ? { admins: true, users: [event.organiserId] } : { everyone: true },
});

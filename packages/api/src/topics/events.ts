import type { EventRecord } from '../records.ts';
import { defineTopic, type Restriction, restrictedAudience } from './define.ts';

/** A draft is its organiser's work in progress: only they and the admins see it, live or in a list. */
export const draftRestriction: Restriction<EventRecord, 'status', 'organiserId'> = {
  field: 'status',
  equals: 'draft',
  userField: 'organiserId',
};

/** Clean-up events, soonest first. */
export const events = defineTopic<EventRecord>()('events', {
  list: 'events.list',
  order: [['startsAt', 'asc']],
  audience: restrictedAudience(draftRestriction),
});

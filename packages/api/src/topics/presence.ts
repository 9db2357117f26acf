import type { PresenceRecord } from '../records.ts';
import { defineTopic } from './define.ts';

/** Who has the app open now, by name: joins and leaves, for signed-in members only. */
export const presence = defineTopic<PresenceRecord>()('presence', {
  list: 'presence.online',
  order: [['name', 'asc']],
  // A leave names only who left.
  audience: (_person: Pick<PresenceRecord, 'id'>) => ({ members: true }),
});

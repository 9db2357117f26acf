import type { StreetRecord } from '../records.ts';
import { defineTopic } from './define.ts';

export const streets = defineTopic<StreetRecord>()('streets', {
  list: 'streets.list',
  order: [['name', 'asc']],
  audience: () => ({ everyone: true }),
});

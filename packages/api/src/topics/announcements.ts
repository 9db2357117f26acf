import type { AnnouncementRecord } from '../records.ts';
import { defineTopic } from './define.ts';

export const announcements = defineTopic<AnnouncementRecord>()('announcements', {
  list: 'announcements.list',
  order: [['createdAt', 'desc']],
  audience: () => ({ everyone: true }),
});

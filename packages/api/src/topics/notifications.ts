import type { NotificationRecord } from '../records.ts';
import { defineTopic } from './define.ts';

/** Messages to one person: nobody else, signed in or not, hears of them. */
export const notifications = defineTopic<NotificationRecord>()('notifications', {
  list: 'notifications.list',
  order: [['createdAt', 'desc']],
  audience: (notification: Pick<NotificationRecord, 'userId'>) => ({ users: [notification.userId] }),
});

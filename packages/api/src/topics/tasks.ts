import type { TaskRecord } from '../records.ts';
import { defineTopic } from './define.ts';

export const tasks = defineTopic<TaskRecord>()('tasks', {
  list: 'tasks.list',
  order: [['createdAt', 'desc']],
  audience: () => ({ everyone: true }),
});

import type { Kysely } from 'kysely';
import type { Database, Task, TaskStatus } from '../database.ts';
import { type SortOrder, sortedBy } from '../sort-order.ts';

export interface TaskRow extends Task {
  streetName: string | null;
  assigneeName: string | null;
}

function selectTasks(db: Kysely<Database>) {
  return db
    .selectFrom('tasks')
    .leftJoin('streets', 'streets.id', 'tasks.streetId')
    .leftJoin('users as assignee', 'assignee.id', 'tasks.assigneeId')
    .selectAll('tasks')
    .select(['streets.name as streetName', 'assignee.name as assigneeName']);
}

export async function insertTask(db: Kysely<Database>, task: Task): Promise<void> {
  await db.insertInto('tasks').values(task).execute();
}

export async function findTask(db: Kysely<Database>, id: string): Promise<TaskRow | undefined> {
  return selectTasks(db).where('tasks.id', '=', id).executeTakeFirst();
}

/** Newest first. */
export async function listTasks(
  db: Kysely<Database>,
  order: SortOrder<keyof Task & string>,
  limit: number,
): Promise<TaskRow[]> {
  return sortedBy(selectTasks(db), 'tasks', order).limit(limit).execute();
}

export interface TaskChanges {
  status?: TaskStatus;
  assigneeId?: string | null;
  updatedAt: string;
}

export async function updateTask(db: Kysely<Database>, id: string, changes: TaskChanges): Promise<void> {
  await db.updateTable('tasks').set(changes).where('id', '=', id).execute();
}

export async function deleteTask(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('tasks').where('id', '=', id).execute();
}

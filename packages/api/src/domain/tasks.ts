import {
  deleteTask,
  findStreet,
  findTask,
  findUserById,
  hasAnyRewardFor,
  insertTask,
  listTasks,
  lockRow,
  type TaskChanges,
  type TaskRow,
  updateTask,
} from '@adopt/db';
import type { Viewer } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { commitChanges, readSnapshot, type Tx } from '../live/commit.ts';
import type { TaskRecord } from '../records.ts';
import type { Services } from '../services.ts';
import { tasks } from '../topics/tasks.ts';
import { newId, nowIso } from './ids.ts';
import { awardPoints, notify } from './rewards.ts';

export const POINTS_FOR_TASK = 10;
export const TASK_BADGE = 'Street sweeper';
/** The list is a working board, not an archive: the newest tasks are the ones people act on. */
const TASK_LIST_LIMIT = 500;

export type TaskStatus = TaskRecord['status'];

function toTaskRecord(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    title: row.title,
    streetId: row.streetId,
    streetName: row.streetName,
    status: row.status,
    assigneeId: row.assigneeId,
    assigneeName: row.assigneeName,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Inside a write: the task under its row lock, so its record and the once-per-task reward (rewardCompletion)
 * follow every earlier change to it.
 */
async function readTaskForWrite(tx: Tx, id: string): Promise<TaskRecord> {
  await lockRow(tx.db, 'tasks', id);
  return readTask(tx, id);
}

async function readTask(tx: Tx, id: string): Promise<TaskRecord> {
  const row = await findTask(tx.db, id);
  if (!row) throw notFound('task', id);
  return toTaskRecord(row);
}

export async function listTaskBoard(services: Services) {
  const { value: rows, lastEventId } = await readSnapshot(services, (db) =>
    listTasks(db, tasks.order, TASK_LIST_LIMIT),
  );
  return { items: rows.map(toTaskRecord), lastEventId };
}

export async function createTask(
  services: Services,
  viewer: Viewer,
  input: { title: string; streetId?: string | null | undefined },
): Promise<TaskRecord> {
  return commitChanges(services, async (tx) => {
    const streetId = input.streetId ?? null;
    if (streetId && !(await findStreet(tx.db, streetId))) throw notFound('street', streetId);
    const id = newId();
    const now = nowIso();
    await insertTask(tx.db, {
      id,
      title: input.title,
      streetId,
      status: 'open',
      assigneeId: null,
      createdBy: viewer.id,
      createdAt: now,
      updatedAt: now,
    });
    const record = await readTask(tx, id);
    await tx.emit({ topic: 'tasks', type: 'created', id, record });
    return record;
  });
}

export interface TaskUpdate {
  id: string;
  status?: TaskStatus | undefined;
  assigneeId?: string | null | undefined;
}

export async function changeTask(services: Services, viewer: Viewer, input: TaskUpdate): Promise<TaskRecord> {
  return commitChanges(services, async (tx) => {
    const before = await readTaskForWrite(tx, input.id);
    const changes: TaskChanges = { updatedAt: nowIso() };
    if (input.status !== undefined && input.status !== before.status) changes.status = input.status;
    if (input.assigneeId !== undefined && input.assigneeId !== before.assigneeId) {
      if (input.assigneeId !== null && !(await findUserById(tx.db, input.assigneeId))) {
        throw notFound('user', input.assigneeId);
      }
      changes.assigneeId = input.assigneeId;
    }
    // Asking for what is already true changes nothing, so it emits nothing either.
    if (changes.status === undefined && changes.assigneeId === undefined) return before;

    await updateTask(tx.db, input.id, changes);
    const record = await readTask(tx, input.id);
    await tx.emit({ topic: 'tasks', type: 'updated', id: record.id, record });
    if (record.assigneeId && changes.assigneeId !== undefined && record.assigneeId !== viewer.id) {
      await notify(tx, record.assigneeId, `${viewer.name} gave you the task "${record.title}".`, {
        kind: 'task',
        id: record.id,
      });
    }
    if (changes.status === 'done') await rewardCompletion(tx, record, viewer);
    return record;
  });
}

/**
 * Finishing a task pays once per task, however often it is reopened and finished again.
 * The key names the task's id because titles repeat; the reason a person reads names only the title.
 * The caller holds the task's row lock, so two people finishing it at once cannot both be paid.
 */
async function rewardCompletion(tx: Tx, task: TaskRecord, viewer: Viewer): Promise<void> {
  const userId = task.assigneeId ?? viewer.id;
  const key = `task-done:${task.id}`;
  if (await hasAnyRewardFor(tx.db, key)) return;
  const subject = { kind: 'task', id: task.id } as const;
  await awardPoints(tx, { userId, points: POINTS_FOR_TASK, reason: `Finished the task "${task.title}"`, key, subject });
  await awardPoints(tx, {
    userId,
    points: 5,
    reason: 'Finished a first task',
    badge: TASK_BADGE,
    once: true,
    subject,
  });
}

export async function removeTask(services: Services, viewer: Viewer, id: string): Promise<{ id: string }> {
  return commitChanges(services, async (tx) => {
    const task = await readTaskForWrite(tx, id);
    if (task.createdBy !== viewer.id && viewer.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only the person who created this task or an admin can delete it.');
    }
    await deleteTask(tx.db, id);
    await tx.emit({ topic: 'tasks', type: 'deleted', id }, task);
    return { id };
  });
}

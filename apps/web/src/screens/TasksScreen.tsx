import type { TaskRecord, UserRecord } from '@adopt/api';
import type { Pending } from '@adopt/live/browser';
import { type FormEvent, useId, useState } from 'react';
import { EmptyState, QueryState } from '../components/feedback.tsx';
import { PendingMark } from '../components/PendingWrites.tsx';
import { useScrollToLinked } from '../router.tsx';
import { trpc } from '../trpc.ts';
import { act } from '../writes/act.ts';
import { isUnsaved } from '../writes/rules.ts';
import { useOverlaid } from '../writes/use-writes.ts';
import { subjectAnchor } from './notifications/subject-path.ts';

const COLUMNS: { status: TaskRecord['status']; title: string; empty: string }[] = [
  { status: 'open', title: 'Open', empty: 'Nothing waiting. Add a task above.' },
  { status: 'in_progress', title: 'In progress', empty: 'Nobody is on anything right now.' },
  { status: 'done', title: 'Done', empty: 'Finished tasks land here.' },
];

interface Person {
  id: string;
  name: string;
}

function NewTask() {
  const [title, setTitle] = useState('');
  const [streetId, setStreetId] = useState('');
  const id = useId();
  const streets = trpc.streets.list.useQuery();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const streetName = streets.data?.items.find((s) => s.id === streetId)?.name ?? null;
    act('tasks.create', { title, ...(streetId ? { streetId } : {}) }, { streetName });
    setTitle('');
  };
  return (
    <form className="card new-task" onSubmit={submit} aria-label="Add a task">
      <div className="field grow">
        <label htmlFor={`${id}-title`}>New task</label>
        <input
          id={`${id}-title`}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="Sweep the leaves by the school gate"
          required
          maxLength={200}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-street`}>Street</label>
        <select id={`${id}-street`} value={streetId} onChange={(e) => setStreetId(e.target.value)}>
          <option value="">Any street</option>
          {streets.data?.items.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button" disabled={!title.trim()}>
        Add task
      </button>
    </form>
  );
}

function TaskCard({ task, me, people }: { task: TaskRecord & Pending; me: UserRecord; people: Person[] }) {
  const id = useId();
  const unsaved = isUnsaved(task);
  const what = `“${task.title}”`;
  const assign = (assigneeId: string | null) =>
    act(
      'tasks.update',
      { id: task.id, assigneeId },
      { what, assigneeName: people.find((p) => p.id === assigneeId)?.name ?? null },
    );
  const choices =
    people.some((p) => p.id === task.assigneeId) || !task.assigneeId
      ? people
      : [...people, { id: task.assigneeId, name: task.assigneeName ?? 'Someone' }];
  return (
    <article id={subjectAnchor({ kind: 'task', id: task.id })} className="card task" aria-label={task.title}>
      <p className="strong">{task.title}</p>
      <p className="muted small">
        {task.streetName ?? 'Any street'} · {task.assigneeName ? `with ${task.assigneeName}` : 'unassigned'}{' '}
        <PendingMark row={task} />
      </p>
      <div className="grid-2 compact">
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select
            id={`${id}-status`}
            value={task.status}
            disabled={unsaved}
            onChange={(e) =>
              act('tasks.update', { id: task.id, status: e.target.value as TaskRecord['status'] }, { what })
            }
          >
            {COLUMNS.map((c) => (
              <option key={c.status} value={c.status}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-assignee`}>Assignee</label>
          <select
            id={`${id}-assignee`}
            value={task.assigneeId ?? ''}
            disabled={unsaved}
            onChange={(e) => assign(e.target.value || null)}
          >
            <option value="">Nobody</option>
            {choices.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id === me.id ? `Me (${p.name})` : p.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {task.createdBy === me.id || me.role === 'admin' ? (
        <button
          type="button"
          className="button ghost small danger"
          disabled={unsaved}
          onClick={() => act('tasks.delete', { id: task.id }, { what })}
        >
          Delete
        </button>
      ) : null}
    </article>
  );
}

export function TasksScreen({ me }: { me: UserRecord }) {
  const tasks = trpc.tasks.list.useQuery();
  useScrollToLinked(tasks.isSuccess);
  // The members list (its first page, by name); a task's current assignee is added to it if not on it.
  const members = trpc.users.list.useQuery({});
  const people: Person[] = [{ id: me.id, name: me.name }, ...(members.data?.items ?? []).filter((p) => p.id !== me.id)];
  const items = useOverlaid('tasks.list', undefined, tasks.data)?.items ?? [];
  return (
    <div className="page">
      <h1>Tasks</h1>
      <NewTask />
      <QueryState query={tasks} what="tasks">
        {items.length === 0 ? (
          <EmptyState title="No tasks yet">Add the first thing that needs doing on your street.</EmptyState>
        ) : (
          <div className="board">
            {COLUMNS.map((column) => {
              const inColumn = items.filter((t) => t.status === column.status);
              return (
                <section key={column.status} className="column" aria-label={column.title}>
                  <h2>
                    {column.title} <span className="count">{inColumn.length}</span>
                  </h2>
                  {inColumn.length === 0 ? <p className="muted small column-empty">{column.empty}</p> : null}
                  {inColumn.map((task) => (
                    <TaskCard key={task.id} task={task} me={me} people={people} />
                  ))}
                </section>
              );
            })}
          </div>
        )}
      </QueryState>
    </div>
  );
}

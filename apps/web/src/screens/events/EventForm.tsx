import type { EventRecord } from '@adopt/api';
import { type FormEvent, useId } from 'react';
import { ErrorMessage } from '../../components/feedback.tsx';

export interface EventFields {
  title: string;
  description: string;
  startsAt: string;
  location: string;
}

/** `<input type="datetime-local">` speaks local wall-clock time; the API speaks ISO-8601 UTC. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function tomorrowAtTen(): string {
  const date = new Date(Date.now() + 24 * 60 * 60 * 1000);
  date.setHours(10, 0, 0, 0);
  return date.toISOString();
}

export function EventForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial?: EventRecord;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (fields: EventFields, form: HTMLFormElement) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const local = String(form.get('startsAt') ?? '');
    onSubmit(
      {
        title: String(form.get('title') ?? ''),
        description: String(form.get('description') ?? ''),
        startsAt: local ? new Date(local).toISOString() : '',
        location: String(form.get('location') ?? ''),
      },
      event.currentTarget,
    );
  };
  return (
    <form className="stack" onSubmit={submit} aria-label={submitLabel}>
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} name="title" required maxLength={120} defaultValue={initial?.title} />
      </div>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-starts`}>Starts</label>
          <input
            id={`${id}-starts`}
            name="startsAt"
            type="datetime-local"
            required
            defaultValue={toLocalInput(initial?.startsAt ?? tomorrowAtTen())}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-location`}>Meeting point</label>
          <input
            id={`${id}-location`}
            name="location"
            required
            maxLength={200}
            defaultValue={initial?.location}
            placeholder="Corner of Elm and Main"
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>What we will do</label>
        <textarea
          id={`${id}-description`}
          name="description"
          rows={3}
          maxLength={2000}
          defaultValue={initial?.description}
        />
      </div>
      <ErrorMessage error={error} />
      <div className="row end">
        {onCancel ? (
          <button type="button" className="button ghost" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}

import type { EventRecord, UserRecord } from '@adopt/api';
import type { Pending } from '@adopt/live/browser';
import { useState } from 'react';
import { PendingMark } from '../../components/PendingWrites.tsx';
import { formatDateTime } from '../../components/time.tsx';
import { act } from '../../writes/act.ts';
import { isUnsaved } from '../../writes/rules.ts';
import { subjectAnchor } from '../notifications/subject-path.ts';
import { EventForm } from './EventForm.tsx';

const STATUS_LABEL: Record<EventRecord['status'], string> = {
  draft: 'Draft · only the organiser and admins see it',
  published: 'Published',
  cancelled: 'Cancelled',
};

/** What the organiser can do with their own event, so they need not find out by trying. */
const ORGANISER_CAN: Record<EventRecord['status'], string> = {
  draft: 'you can edit, publish or cancel it',
  published: 'you can edit or cancel it',
  cancelled: 'it is cancelled, so there is nothing left to change',
};

function Attendees({ event }: { event: EventRecord }) {
  const count = event.attendees.length;
  if (count === 0) return <p className="muted small">Nobody has said they are going yet.</p>;
  return (
    <p className="small attendees">
      <span className="strong">{count} going:</span> {event.attendees.map((a) => a.name).join(', ')}
    </p>
  );
}

export function EventCard({ event, me }: { event: EventRecord & Pending; me: UserRecord }) {
  const [editing, setEditing] = useState(false);
  const canManage = event.organiserId === me.id || me.role === 'admin';
  const going = event.attendees.some((a) => a.id === me.id);
  // An event the server has not stored yet has no id to change.
  const busy = isUnsaved(event);

  if (editing) {
    return (
      <article className="card" aria-label={`Edit ${event.title}`}>
        <h3>Edit event</h3>
        <EventForm
          initial={event}
          submitLabel="Save changes"
          pending={false}
          error={null}
          onSubmit={(fields) => {
            act('events.update', { id: event.id, ...fields }, { what: `“${event.title}”` });
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </article>
    );
  }

  return (
    <article
      id={subjectAnchor({ kind: 'event', id: event.id })}
      className={`card event status-${event.status}`}
      aria-label={event.title}
    >
      <div className="event-head">
        <div className="date-tile" aria-hidden="true">
          <span className="date-month">{new Date(event.startsAt).toLocaleString(undefined, { month: 'short' })}</span>
          <span className="date-day">{new Date(event.startsAt).getDate()}</span>
        </div>
        <div className="grow">
          <h3 className="event-title">{event.title}</h3>
          <p className="muted small">
            {formatDateTime(event.startsAt)} · {event.location}
          </p>
          {event.organiserId === me.id ? (
            <p className="small strong organiser-mine">Organised by you: {ORGANISER_CAN[event.status]}</p>
          ) : (
            <p className="muted small">Organised by {event.organiserName}</p>
          )}
        </div>
        <span className={`pill pill-${event.status}`}>{STATUS_LABEL[event.status]}</span>
        <PendingMark row={event} />
      </div>
      {event.description ? <p className="event-description">{event.description}</p> : null}
      {event.status !== 'draft' ? <Attendees event={event} /> : null}
      <div className="row wrap">
        {event.status === 'published' ? (
          <button
            type="button"
            className={going ? 'button secondary' : 'button'}
            disabled={busy}
            onClick={() => act('events.rsvp', { id: event.id, going: !going }, { what: `“${event.title}”` })}
          >
            {going ? 'Can’t make it after all' : 'I’m going'}
          </button>
        ) : null}
        {canManage && event.status === 'draft' ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => act('events.publish', { id: event.id }, { what: `“${event.title}”` })}
          >
            Publish
          </button>
        ) : null}
        {canManage && event.status !== 'cancelled' ? (
          <>
            <button type="button" className="button ghost" disabled={busy} onClick={() => setEditing(true)}>
              Edit
            </button>
            <button
              type="button"
              className="button ghost danger"
              disabled={busy}
              onClick={() => act('events.cancel', { id: event.id }, { what: `“${event.title}”` })}
            >
              Cancel event
            </button>
          </>
        ) : null}
      </div>
    </article>
  );
}

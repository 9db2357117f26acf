import type { EventRecord, UserRecord } from '@adopt/api';
import type { Pending } from '@adopt/live/browser';
import { useState } from 'react';
import { EmptyState, QueryState } from '../components/feedback.tsx';
import { useScrollToLinked } from '../router.tsx';
import { trpc } from '../trpc.ts';
import { act } from '../writes/act.ts';
import { useOverlaid } from '../writes/use-writes.ts';
import { EventCard } from './events/EventCard.tsx';
import { EventForm } from './events/EventForm.tsx';

function NewEvent() {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Plan a clean-up
      </button>
    );
  }
  return (
    <section className="card" aria-label="Plan a clean-up">
      <h2>Plan a clean-up</h2>
      <p className="muted small">It starts as a draft that only you can see. Publish it when it is ready.</p>
      <EventForm
        submitLabel="Save draft"
        pending={false}
        error={null}
        onSubmit={(fields) => {
          act('events.create', fields);
          setOpen(false);
        }}
        onCancel={() => setOpen(false)}
      />
    </section>
  );
}

function Section({ title, events, me }: { title: string; events: (EventRecord & Pending)[]; me: UserRecord }) {
  if (events.length === 0) return null;
  return (
    <section className="stack" aria-label={title}>
      <h2>{title}</h2>
      {events.map((event) => (
        <EventCard key={event.id} event={event} me={me} />
      ))}
    </section>
  );
}

export function EventsScreen({ me }: { me: UserRecord }) {
  const events = trpc.events.list.useQuery();
  useScrollToLinked(events.isSuccess);
  const items = useOverlaid('events.list', undefined, events.data)?.items ?? [];
  const now = Date.now();
  const upcoming = items.filter((e) => e.status === 'published' && Date.parse(e.startsAt) >= now - 3 * 3600_000);
  const past = items.filter((e) => e.status === 'published' && Date.parse(e.startsAt) < now - 3 * 3600_000);
  return (
    <div className="page narrow">
      <div className="page-head">
        <h1>Clean-up events</h1>
        <NewEvent />
      </div>
      <QueryState query={events} what="events">
        {items.length === 0 ? (
          <EmptyState title="No events planned">Plan the first clean-up and invite the street.</EmptyState>
        ) : (
          <>
            <Section title="Upcoming" events={upcoming} me={me} />
            <Section title="Drafts" events={items.filter((e) => e.status === 'draft')} me={me} />
            <Section title="Past" events={past.reverse()} me={me} />
            <Section title="Cancelled" events={items.filter((e) => e.status === 'cancelled')} me={me} />
          </>
        )}
      </QueryState>
    </div>
  );
}

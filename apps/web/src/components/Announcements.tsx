import type { AnnouncementRecord } from '@adopt/api';
import { useEffect, useState } from 'react';
import { announcements } from '../runtime.ts';
import { useStore } from '../store.ts';
import { MegaphoneIcon } from './icons.tsx';
import { TimeAgo } from './time.tsx';

const SHOW_FOR_MS = 30_000;

function Toast({ announcement, onDismiss }: { announcement: AnnouncementRecord; onDismiss: () => void }) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, SHOW_FOR_MS);
    return () => clearTimeout(timer);
  }, [onDismiss]);
  return (
    <div className="announcement" role="status">
      <span className="announcement-icon">
        <MegaphoneIcon />
      </span>
      <div className="announcement-body">
        <p className="announcement-message">{announcement.message}</p>
        <p className="muted small">
          {announcement.authorName} · <TimeAgo iso={announcement.createdAt} />
        </p>
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss announcement" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

/** Announcements from admins, shown to everyone the moment they arrive, until dismissed or stale. */
export function Announcements() {
  const all = useStore(announcements);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [dismiss] = useState(() => new Map<string, () => void>());
  const handlerFor = (id: string) => {
    let handler = dismiss.get(id);
    if (!handler) {
      handler = () => setDismissed((d) => new Set(d).add(id));
      dismiss.set(id, handler);
    }
    return handler;
  };
  return (
    <section className="announcements" aria-label="Announcements" aria-live="polite">
      {all
        .filter((a) => !dismissed.has(a.id))
        .map((a) => (
          <Toast key={a.id} announcement={a} onDismiss={handlerFor(a.id)} />
        ))}
    </section>
  );
}

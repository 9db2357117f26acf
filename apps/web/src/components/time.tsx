import { useEffect } from 'react';
import { createStore, useStore } from '../store.ts';

const now = createStore(Date.now());
let ticking = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/** The current time, shared by every relative timestamp and updated twice a minute. */
function useNow(): number {
  useEffect(() => {
    ticking += 1;
    if (ticking === 1) timer = setInterval(() => now.set(Date.now()), 30_000);
    return () => {
      ticking -= 1;
      if (ticking === 0) clearInterval(timer);
    };
  }, []);
  return useStore(now);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

function ago(iso: string, nowMs: number): string {
  const seconds = Math.round((new Date(iso).getTime() - nowMs) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
  return formatDateTime(iso);
}

export function TimeAgo({ iso }: { iso: string }) {
  const nowMs = useNow();
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {ago(iso, nowMs)}
    </time>
  );
}

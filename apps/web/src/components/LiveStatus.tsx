import type { LiveStatus as Status } from '@adopt/live/browser';
import { useEffect, useState } from 'react';
import { live } from '../runtime.ts';
import { useStore } from '../store.ts';

/** Whole seconds until `at`, redrawn while counting: "now" is read at each draw, never kept from an earlier one. */
function useSecondsUntil(at: number | undefined): number {
  const [, redraw] = useState(0);
  useEffect(() => {
    if (at === undefined) return;
    const timer = setInterval(() => redraw((n) => n + 1), 250);
    return () => clearInterval(timer);
  }, [at]);
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function describe(status: Status, seconds: number): { label: string; detail: string } {
  switch (status.state) {
    case 'live':
      return { label: 'Live', detail: 'Changes appear as they happen.' };
    case 'connecting':
    case 'idle':
      return { label: 'Connecting…', detail: 'Opening the live connection.' };
    case 'reconnecting':
      return {
        label: seconds > 0 ? `Reconnecting in ${seconds}s` : 'Reconnecting…',
        detail: `${status.reason} Trying again automatically; nothing you missed will be lost.`,
      };
    case 'offline':
      return { label: 'Offline', detail: 'Your device is offline. The app catches up when the network is back.' };
    case 'paused':
      return { label: 'Paused', detail: status.reason };
  }
}

/** The live connection's state, always in view: live, reconnecting (with a countdown) or offline. */
export function LiveStatus() {
  const status = useStore(live.status);
  const role = useStore(live.role);
  const seconds = useSecondsUntil(status.state === 'reconnecting' ? status.retryAt : undefined);
  const { label, detail } = describe(status, seconds);
  return (
    <span className="live-status-wrap">
      <output className="live-status" data-state={status.state} data-role={role} title={detail} aria-live="polite">
        <span className="dot" aria-hidden="true" />
        <span className="live-label">{label}</span>
      </output>
      {status.state === 'paused' ? (
        <button type="button" className="button secondary small" title={detail} onClick={() => live.resume()}>
          Resume live updates
        </button>
      ) : null}
    </span>
  );
}

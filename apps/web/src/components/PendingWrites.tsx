import { plural } from '@adopt/api/words';
import { type Pending, unsettledCount, waitingCount } from '@adopt/live/browser';
import { writes } from '../runtime.ts';
import { useWrites } from '../writes/use-writes.ts';

/** The marker on a row whose change has not reached the server yet. */
export function PendingMark({ row }: { row: Pending }) {
  if (!row.pendingWrite?.held) return null;
  return (
    <span className="pending-mark small" data-testid="pending">
      Waiting to be sent
    </span>
  );
}

/** How many changes wait for the network, and each one the server refused, with its reason, until dismissed. */
export function PendingWrites() {
  const all = useWrites();
  const waiting = waitingCount(all);
  const refused = all.filter((write) => write.state === 'failed');
  // `data-unsettled`: writes not yet on the stream, for tools that wait for the screen to settle.
  return (
    <div className="pending-writes" data-unsettled={unsettledCount(all)}>
      {waiting > 0 ? (
        <p className="banner muted" role="status" data-testid="waiting-count">
          {plural(waiting, 'change')} waiting to be sent. They go out when the connection is back.
        </p>
      ) : null}
      {refused.map((write) => (
        <p key={write.key} className="error banner row" role="alert">
          <span className="grow">{write.error}</span>
          <button type="button" className="button ghost small" onClick={() => writes.dismiss(write.key)}>
            Dismiss
          </button>
        </p>
      ))}
    </div>
  );
}

import type { StreetRecord, UserRecord } from '@adopt/api';
import type { Pending } from '@adopt/live/browser';
import { EmptyState, QueryState } from '../components/feedback.tsx';
import { PendingMark } from '../components/PendingWrites.tsx';
import { TimeAgo } from '../components/time.tsx';
import { Link, useScrollToLinked } from '../router.tsx';
import { trpc } from '../trpc.ts';
import { act } from '../writes/act.ts';
import { useOverlaid } from '../writes/use-writes.ts';
import { subjectAnchor } from './notifications/subject-path.ts';

function Street({ street, me }: { street: StreetRecord & Pending; me: UserRecord }) {
  const mine = street.adoptedBy === me.id;
  return (
    <li
      id={subjectAnchor({ kind: 'street', id: street.id })}
      className={`card street${mine ? ' mine' : ''}`}
      aria-label={street.name}
    >
      <div className="grow">
        <p className="strong">{street.name}</p>
        <p className="muted small">
          {street.adoptedBy ? (
            <>
              Adopted by {mine ? 'you' : street.adopterName}
              {street.adoptedAt ? (
                <>
                  {' '}
                  · <TimeAgo iso={street.adoptedAt} />
                </>
              ) : null}
            </>
          ) : (
            'Looking for someone to look after it'
          )}{' '}
          <PendingMark row={street} />
        </p>
      </div>
      {street.adoptedBy === null ? (
        <button type="button" className="button" onClick={() => act('streets.adopt', { id: street.id })}>
          Adopt
        </button>
      ) : mine || me.role === 'admin' ? (
        <button type="button" className="button secondary" onClick={() => act('streets.release', { id: street.id })}>
          Release
        </button>
      ) : null}
    </li>
  );
}

export function StreetsScreen({ me }: { me: UserRecord }) {
  const streets = trpc.streets.list.useQuery();
  useScrollToLinked(streets.isSuccess);
  const items = useOverlaid('streets.list', undefined, streets.data)?.items ?? [];
  const adopted = items.filter((s) => s.adoptedBy).length;
  return (
    <div className="page narrow">
      <div className="page-head">
        <h1>Streets</h1>
        {items.length > 0 ? (
          <p className="muted">
            {adopted} of {items.length} adopted
          </p>
        ) : null}
      </div>
      <QueryState query={streets} what="streets">
        {items.length === 0 ? (
          <EmptyState title="No streets yet">
            {me.role === 'admin' ? (
              <>
                Add the neighbourhood’s streets on the <Link to="/admin">admin page</Link>.
              </>
            ) : (
              'An admin adds the neighbourhood’s streets; check back soon.'
            )}
          </EmptyState>
        ) : (
          <ul className="stack plain">
            {items.map((street) => (
              <Street key={street.id} street={street} me={me} />
            ))}
          </ul>
        )}
      </QueryState>
    </div>
  );
}

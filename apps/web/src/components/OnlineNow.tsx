import type { UserRecord } from '@adopt/api';
import { plural } from '@adopt/api/words';
import { useId, useState } from 'react';
import { trpc } from '../trpc.ts';

/** Who has the app open right now, live, and the switch to be left out of it. */
export function OnlineNow({ me }: { me: UserRecord }) {
  const online = trpc.presence.online.useQuery();
  const utils = trpc.useUtils();
  // The box follows the click in the same render (a mutation's pending state arrives a tick later, and a
  // controlled checkbox would flip back meanwhile); the server's answer then confirms it.
  const [choice, setChoice] = useState<boolean | null>(null);
  const setVisible = trpc.presence.setVisible.useMutation({
    onSuccess: ({ visible }) =>
      utils.presence.online.setData(undefined, (data) => (data ? { ...data, visible } : data)),
    onSettled: () => setChoice(null),
  });
  const toggleId = useId();
  const items = online.data?.items ?? [];
  const visible = choice ?? online.data?.visible ?? true;
  return (
    <section className="card side-card online-now" aria-label="Online now">
      <h2 className="side-title">
        <span className="online-dot" aria-hidden="true" />{' '}
        {online.data ? `${plural(items.length, 'neighbour')} online` : 'Online now'}
      </h2>
      {items.length === 0 ? (
        <p className="muted small">{online.data ? 'Nobody else is shown as online.' : 'Loading…'}</p>
      ) : (
        <ul className="plain online-list">
          {items.map((person) => (
            <li key={person.id} className={person.id === me.id ? 'strong' : undefined}>
              {person.id === me.id ? `${person.name} (you)` : person.name}
            </li>
          ))}
        </ul>
      )}
      <label className="row small online-toggle" htmlFor={toggleId}>
        <input
          id={toggleId}
          type="checkbox"
          checked={visible}
          disabled={!online.data}
          onChange={(e) => {
            setChoice(e.target.checked);
            setVisible.mutate({ visible: e.target.checked });
          }}
        />
        Show me as online
      </label>
    </section>
  );
}

import type { MemberRecord, UserRecord } from '@adopt/api';
import { type FormEvent, useId, useState } from 'react';
import { ErrorMessage } from '../../components/feedback.tsx';
import { trpc } from '../../trpc.ts';

function BanForm({ member, onDone }: { member: MemberRecord; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const id = useId();
  const ban = trpc.admin.ban.useMutation({ onSuccess: onDone });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    ban.mutate({ userId: member.id, reason });
  };
  return (
    <form className="row wrap bottom" onSubmit={submit} aria-label={`Ban ${member.name}`}>
      <div className="field grow">
        <label htmlFor={id}>Reason (they are told)</label>
        <input id={id} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={300} />
      </div>
      <button type="submit" className="button small danger" disabled={ban.isPending || !reason.trim()}>
        Ban {member.name}
      </button>
      <button type="button" className="button ghost small" onClick={onDone}>
        Cancel
      </button>
      <ErrorMessage error={ban.error} />
    </form>
  );
}

function MemberRow({ member, me }: { member: MemberRecord; me: UserRecord }) {
  const [banning, setBanning] = useState(false);
  const setRole = trpc.admin.setRole.useMutation();
  const unban = trpc.admin.unban.useMutation();
  const isMe = member.id === me.id;
  return (
    <tr>
      <td>
        {member.name}
        {isMe ? ' (you)' : ''}
      </td>
      <td>{member.role === 'admin' ? 'Admin' : 'Member'}</td>
      <td>{member.bannedReason ? `Banned: ${member.bannedReason}` : 'Active'}</td>
      <td>
        {isMe ? (
          <span className="muted small">Another admin can change your role.</span>
        ) : (
          <div className="row wrap">
            {member.bannedReason ? (
              <button
                type="button"
                className="button small secondary"
                onClick={() => unban.mutate({ userId: member.id })}
              >
                Unban
              </button>
            ) : (
              <>
                <button
                  type="button"
                  className="button small secondary"
                  disabled={setRole.isPending}
                  onClick={() =>
                    setRole.mutate({ userId: member.id, role: member.role === 'admin' ? 'member' : 'admin' })
                  }
                >
                  {member.role === 'admin' ? 'Make member' : 'Make admin'}
                </button>
                {member.role === 'member' && !banning ? (
                  <button type="button" className="button small ghost danger" onClick={() => setBanning(true)}>
                    Ban…
                  </button>
                ) : null}
              </>
            )}
          </div>
        )}
        {banning ? <BanForm member={member} onDone={() => setBanning(false)} /> : null}
        <ErrorMessage error={setRole.error ?? unban.error} />
      </td>
    </tr>
  );
}

/** Everyone in the neighbourhood, searched by name: roles, bans, live as other admins change them. */
export function MembersPanel({ me }: { me: UserRecord }) {
  const [query, setQuery] = useState('');
  const id = useId();
  const members = trpc.users.list.useInfiniteQuery(
    { query },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card members-panel" aria-label="Members">
      <h2>Members</h2>
      <div className="field">
        <label htmlFor={id}>Search by name</label>
        <input id={id} type="search" value={query} onChange={(e) => setQuery(e.target.value)} maxLength={80} />
      </div>
      <ErrorMessage error={members.error} />
      <div className="table-scroll">
        <table className="members">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((member) => (
              <MemberRow key={member.id} member={member} me={me} />
            ))}
          </tbody>
        </table>
      </div>
      {members.data && items.length === 0 ? <p className="muted small">Nobody by that name.</p> : null}
      {members.hasNextPage ? (
        <button
          type="button"
          className="button secondary small"
          disabled={members.isFetchingNextPage}
          onClick={() => members.fetchNextPage()}
        >
          {members.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      ) : null}
    </section>
  );
}

import type { UserRecord } from '@adopt/api';
import { type FormEvent, useId, useState } from 'react';
import { trpc } from '../trpc.ts';
import { ErrorMessage } from './feedback.tsx';

/** For admins: hides a post or comment from every feed, with a reason its author is told. */
export function HideButton({ me, kind, id }: { me: UserRecord; kind: 'post' | 'comment'; id: string }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const fieldId = useId();
  const hide = trpc.admin.hide.useMutation();
  if (me.role !== 'admin') return null;
  if (!asking) {
    return (
      <button type="button" className="button ghost small" onClick={() => setAsking(true)}>
        Hide…
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    hide.mutate({ kind, id, reason });
  };
  return (
    <form className="row wrap bottom grow" onSubmit={submit} aria-label={`Hide this ${kind}`}>
      <div className="field grow">
        <label htmlFor={fieldId}>Why hide it? The author is told.</label>
        <input id={fieldId} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={300} />
      </div>
      <button type="submit" className="button small danger" disabled={hide.isPending || !reason.trim()}>
        Hide {kind}
      </button>
      <button type="button" className="button ghost small" onClick={() => setAsking(false)}>
        Cancel
      </button>
      <ErrorMessage error={hide.error} />
    </form>
  );
}

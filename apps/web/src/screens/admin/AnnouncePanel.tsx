import { type FormEvent, useId, useState } from 'react';
import { ErrorMessage } from '../../components/feedback.tsx';
import { trpc } from '../../trpc.ts';

export function AnnouncePanel() {
  const [message, setMessage] = useState('');
  const id = useId();
  const announce = trpc.admin.announce.useMutation({ onSuccess: () => setMessage('') });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    announce.mutate({ message });
  };
  return (
    <section className="card" aria-label="Send an announcement">
      <h2>Announce</h2>
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor={id}>Message to everyone</label>
          <textarea
            id={id}
            rows={2}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            maxLength={500}
            required
            placeholder="Skips arrive at 9 on Saturday, bring gloves!"
          />
        </div>
        <ErrorMessage error={announce.error} />
        {announce.isSuccess && !message ? (
          <p className="success" role="status">
            Sent. Everyone with the app open sees it now.
          </p>
        ) : null}
        <button type="submit" className="button" disabled={announce.isPending || !message.trim()}>
          Send announcement
        </button>
      </form>
    </section>
  );
}

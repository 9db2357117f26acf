import { plural } from '@adopt/api/words';
import { type FormEvent, useId, useState } from 'react';
import { ErrorMessage } from '../../components/feedback.tsx';
import { trpc } from '../../trpc.ts';

export function StreetsPanel() {
  const [name, setName] = useState('');
  const id = useId();
  const streets = trpc.streets.list.useQuery();
  const create = trpc.streets.create.useMutation({ onSuccess: () => setName('') });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name });
  };
  return (
    <section className="card" aria-label="Add a street">
      <h2>Streets</h2>
      <form className="row end wrap bottom" onSubmit={submit}>
        <div className="field grow">
          <label htmlFor={id}>Street name</label>
          <input id={id} value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        </div>
        <button type="submit" className="button" disabled={create.isPending || !name.trim()}>
          Add street
        </button>
      </form>
      <ErrorMessage error={create.error} />
      <p className="muted small">
        {streets.data ? `${plural(streets.data.items.length, 'street')} in the neighbourhood.` : ''}
      </p>
    </section>
  );
}

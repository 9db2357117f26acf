import type { ReactNode } from 'react';
import { errorMessage } from '../trpc.ts';

/** A failed call, in words the person can act on (the server's own message). */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {errorMessage(error)}
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children ? <p className="muted">{children}</p> : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" aria-busy="true">
      Loading {what}…
    </p>
  );
}

/** A query's states before its rows: loading, failed with nothing to show (with a retry), or the rows. */
export function QueryState({
  query,
  what,
  children,
}: {
  query: { isPending: boolean; error: unknown; data: unknown; refetch: () => unknown };
  what: string;
  children: ReactNode;
}) {
  if (query.isPending) return <Loading what={what} />;
  if (query.error && query.data === undefined) {
    return (
      <div className="card">
        <ErrorMessage error={query.error} />
        <button type="button" className="button secondary" onClick={() => query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  return <>{children}</>;
}

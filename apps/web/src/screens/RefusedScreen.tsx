import { Link } from '../router.tsx';

/** A page this person may not see: say why, and offer the way back instead of a dead end. */
export function RefusedScreen({ reason }: { reason: string }) {
  // Back only makes sense when the app brought them here; a typed-in address has nowhere in the app to return to.
  const cameFromApp = window.history.length > 1;
  return (
    <div className="page narrow">
      <div className="empty">
        <h1 className="empty-title refused-title">Not allowed</h1>
        <p className="muted">{reason}</p>
        <p className="refused-actions">
          {cameFromApp ? (
            <button type="button" className="button secondary" onClick={() => window.history.back()}>
              Go back
            </button>
          ) : null}
          <Link to="/" className="button">
            Go to the feed
          </Link>
        </p>
      </div>
    </div>
  );
}

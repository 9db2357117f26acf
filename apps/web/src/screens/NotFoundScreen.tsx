import { EmptyState } from '../components/feedback.tsx';
import { Link } from '../router.tsx';

export function NotFoundScreen() {
  return (
    <div className="page narrow">
      <EmptyState title="There is no page here">
        The link may be old. Go back to the <Link to="/">feed</Link>.
      </EmptyState>
    </div>
  );
}

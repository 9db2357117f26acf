import type { UserRecord } from '@adopt/api';
import { Link, navigate } from '../../router.tsx';
import { CommentsPanel } from './CommentsPanel.tsx';

/**
 * The comments a URL opens for a post the feed does not show: one further down than the pages loaded, or one
 * that was just deleted (the panel then says the post is gone).
 */
export function UnlistedPostComments({ postId, me }: { postId: string; me: UserRecord }) {
  const heading = (
    <p className="row">
      <span className="strong grow">Comments on a post further down the feed</span>
      <Link to="/" className="small">
        Close
      </Link>
    </p>
  );
  return (
    <CommentsPanel
      postId={postId}
      me={me}
      label="Comments on this post"
      heading={heading}
      onClose={() => navigate('/')}
      standalone
    />
  );
}

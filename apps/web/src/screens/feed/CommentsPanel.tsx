import type { CommentRecord, UserRecord } from '@adopt/api';
import type { Pending } from '@adopt/live/browser';
import { type FormEvent, type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ErrorMessage, Loading } from '../../components/feedback.tsx';
import { HideButton } from '../../components/HideButton.tsx';
import { PendingMark } from '../../components/PendingWrites.tsx';
import { TimeAgo } from '../../components/time.tsx';
import { Link } from '../../router.tsx';
import { errorCode, trpc } from '../../trpc.ts';
import { act } from '../../writes/act.ts';
import { isUnsaved } from '../../writes/rules.ts';
import { useOverlaid } from '../../writes/use-writes.ts';

/** The server's most per list: the panel loads the first this many, and comments written since arrive live. */
const COMMENTS_SHOWN = 100;
const BODY_MAX = 1000;

function Comment({ comment, me }: { comment: CommentRecord & Pending; me: UserRecord }) {
  const canDelete = comment.authorId === me.id || me.role === 'admin';
  return (
    <li className="comment">
      <p className="small">
        <span className="strong">{comment.authorName}</span>{' '}
        <span className="muted">
          · <TimeAgo iso={comment.createdAt} /> <PendingMark row={comment} />
        </span>
      </p>
      <p className="comment-body">{comment.body}</p>
      <HideButton me={me} kind="comment" id={comment.id} />
      {canDelete ? (
        <button
          type="button"
          className="button ghost small danger"
          onClick={() => act('comments.delete', { id: comment.id }, { what: `${comment.authorName}’s comment` })}
          disabled={isUnsaved(comment)}
          aria-label={`Delete comment by ${comment.authorName}`}
        >
          Delete
        </button>
      ) : null}
    </li>
  );
}

function CommentForm({ postId }: { postId: string }) {
  const [body, setBody] = useState('');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  // Opening a post's comments is asking to read or write one: the box takes the focus.
  useEffect(() => input.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    act('comments.create', { postId, body }, { what: 'The post' });
    setBody('');
  };
  return (
    <form className="comment-form" onSubmit={submit}>
      <label htmlFor={id} className="label">
        Write a comment
      </label>
      <div className="row">
        <input
          id={id}
          ref={input}
          className="grow"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          maxLength={BODY_MAX}
          autoComplete="off"
        />
        <button type="submit" className="button small" disabled={!body.trim()}>
          Comment
        </button>
      </div>
    </form>
  );
}

/** Said in place of a post's comments once the post is gone; it takes the focus the vanished panel had. */
export function PostDeletedNotice() {
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) notice.current?.focus();
  }, []);
  return (
    <div ref={notice} className="card notice" role="status" tabIndex={-1}>
      <p className="strong">This post was deleted.</p>
      <p className="small">
        Its comments went with it. <Link to="/">Back to the feed</Link>
      </p>
    </div>
  );
}

/**
 * A post's comments, oldest first, live from the stream (the cache puts each comment into its post's list).
 * A `standalone` panel stands in the feed on its own because its post is not there: deleted, or further down
 * than the pages loaded. It asks the server again on mount, whose NOT_FOUND is the sign the post was deleted.
 */
/** Older comments past the first page are not loaded; ones written since it loaded are shown after them. */
function MoreComments({ shown }: { shown: number }) {
  const newer = shown - COMMENTS_SHOWN;
  return (
    <p className="muted small">
      Showing the first {COMMENTS_SHOWN} comments{newer > 0 ? ` and the ${newer} newest` : ''}.
    </p>
  );
}

export function CommentsPanel({
  id,
  postId,
  me,
  label,
  onClose,
  heading,
  standalone = false,
}: {
  id?: string;
  postId: string;
  me: UserRecord;
  label: string;
  onClose: () => void;
  heading?: ReactNode;
  standalone?: boolean;
}) {
  const comments = trpc.comments.list.useQuery(
    { postId, limit: COMMENTS_SHOWN },
    { refetchOnMount: standalone ? 'always' : true },
  );
  const shown = useOverlaid('comments.list', { postId, limit: COMMENTS_SHOWN }, comments.data);
  if (errorCode(comments.error) === 'NOT_FOUND') return <PostDeletedNotice />;
  if (comments.isPending || (standalone && comments.isFetching)) return <Loading what="comments" />;
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onClose();
  };
  const items = shown?.items ?? [];
  return (
    <section id={id} className={standalone ? 'card comments' : 'comments'} aria-label={label} onKeyDown={closeOnEscape}>
      {heading}
      {items.length === 0 ? (
        <p className="muted small">No comments yet.</p>
      ) : (
        // Polite: a neighbour's new comment is read out without interrupting what the person is doing.
        <ol className="plain comment-list" aria-label="Comments" aria-live="polite">
          {items.map((comment) => (
            <Comment key={comment.id} comment={comment} me={me} />
          ))}
        </ol>
      )}
      {comments.data?.nextCursor ? <MoreComments shown={items.length} /> : null}
      <ErrorMessage error={comments.error} />
      <CommentForm postId={postId} />
    </section>
  );
}

import type { PostRecord, UserRecord } from '@adopt/api';
import { plural } from '@adopt/api/words';
import type { Pending } from '@adopt/live/browser';
import { useId, useRef } from 'react';
import { HideButton } from '../../components/HideButton.tsx';
import { HeartIcon } from '../../components/icons.tsx';
import { PendingMark } from '../../components/PendingWrites.tsx';
import { TimeAgo } from '../../components/time.tsx';
import { navigate } from '../../router.tsx';
import { act } from '../../writes/act.ts';
import { isUnsaved } from '../../writes/rules.ts';
import { CommentsPanel } from './CommentsPanel.tsx';
import { commentsPath } from './comments-path.ts';

function commentCountText(count: number): string {
  return plural(count, 'comment');
}

/** One post in the feed; with `commentsOpen` its comments show under it (the URL /posts/:id). */
export function PostCard({
  post,
  me,
  commentsOpen,
}: {
  post: PostRecord & Pending;
  me: UserRecord;
  commentsOpen: boolean;
}) {
  // A post the server has not stored yet has no id to like, comment on or delete.
  const unsaved = isUnsaved(post);
  const panelId = useId();
  const canDelete = post.authorId === me.id || me.role === 'admin';
  const toggle = useRef<HTMLButtonElement>(null);
  const closeComments = () => navigate('/', { keepScroll: true });
  // Whoever deletes the post knows it is gone: their open panel just closes, with no notice to read.
  const remove = () => {
    act('posts.delete', { id: post.id }, { what: `${post.authorName}’s post` });
    if (commentsOpen) closeComments();
  };
  // Escape inside the panel closes it; focus goes back to the button that opened it.
  const closeFromPanel = () => {
    closeComments();
    toggle.current?.focus();
  };
  return (
    <article className="card post" aria-label={`Post by ${post.authorName}`}>
      <header className="post-head">
        <span className="avatar" aria-hidden="true">
          {post.authorName.slice(0, 1).toUpperCase()}
        </span>
        <div>
          <p className="strong">{post.authorName}</p>
          <p className="muted small">
            <TimeAgo iso={post.createdAt} /> <PendingMark row={post} />
          </p>
        </div>
      </header>
      <p className="post-body">{post.body}</p>
      <footer className="row">
        <button
          type="button"
          className="button ghost small"
          onClick={() =>
            act(
              post.likedByMe ? 'posts.unlike' : 'posts.like',
              { id: post.id },
              { likes: post.likes, what: `${post.authorName}’s post` },
            )
          }
          disabled={unsaved}
          aria-pressed={post.likedByMe === true}
          aria-label={`Like post by ${post.authorName}, ${plural(post.likes, 'like')}`}
        >
          <HeartIcon /> <span className="likes">{post.likes}</span>
        </button>
        <button
          type="button"
          ref={toggle}
          className="button ghost small comment-count"
          aria-expanded={commentsOpen}
          disabled={unsaved}
          aria-controls={commentsOpen ? panelId : undefined}
          onClick={() => (commentsOpen ? closeComments() : navigate(commentsPath(post.id), { keepScroll: true }))}
        >
          {commentCountText(post.commentCount)}
        </button>
        <HideButton me={me} kind="post" id={post.id} />
        {canDelete ? (
          <button type="button" className="button ghost small danger" onClick={remove} disabled={unsaved}>
            Delete
          </button>
        ) : null}
      </footer>
      {commentsOpen ? (
        <CommentsPanel
          id={panelId}
          postId={post.id}
          me={me}
          label={`Comments on post by ${post.authorName}`}
          onClose={closeFromPanel}
        />
      ) : null}
    </article>
  );
}

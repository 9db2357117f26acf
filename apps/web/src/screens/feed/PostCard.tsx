import type { PostRecord, UserRecord } from '@adopt/api';
import { plural } from '@adopt/api/words';
import { queryPath } from '@adopt/live/browser';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef } from 'react';
import { ErrorMessage } from '../../components/feedback.tsx';
import { HideButton } from '../../components/HideButton.tsx';
import { HeartIcon } from '../../components/icons.tsx';
import { TimeAgo } from '../../components/time.tsx';
import { navigate } from '../../router.tsx';
import { trpc } from '../../trpc.ts';
import { CommentsPanel } from './CommentsPanel.tsx';
import { commentsPath } from './comments-path.ts';

type FeedPages = { pages: { items: PostRecord[] }[] };

/** My own like comes from the mutation's answer: live post events leave out who liked what. */
function useKeepMyLike() {
  const queryClient = useQueryClient();
  return (record: PostRecord) =>
    queryClient.setQueriesData<FeedPages>({ predicate: (query) => queryPath(query) === 'posts.list' }, (data) =>
      data?.pages
        ? {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.map((p) => (p.id === record.id ? { ...p, likedByMe: record.likedByMe } : p)),
            })),
          }
        : data,
    );
}

function commentCountText(count: number): string {
  return plural(count, 'comment');
}

/** One post in the feed; with `commentsOpen` its comments show under it (the URL /posts/:id). */
export function PostCard({ post, me, commentsOpen }: { post: PostRecord; me: UserRecord; commentsOpen: boolean }) {
  const keepMyLike = useKeepMyLike();
  const like = trpc.posts.like.useMutation({ onSuccess: keepMyLike });
  const unlike = trpc.posts.unlike.useMutation({ onSuccess: keepMyLike });
  const panelId = useId();
  const canDelete = post.authorId === me.id || me.role === 'admin';
  const toggle = useRef<HTMLButtonElement>(null);
  const closeComments = () => navigate('/', { keepScroll: true });
  // Whoever deletes the post knows it is gone: their open panel just closes, with no notice to read.
  const remove = trpc.posts.delete.useMutation({
    onSuccess: () => {
      if (commentsOpen) closeComments();
    },
  });
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
            <TimeAgo iso={post.createdAt} />
          </p>
        </div>
      </header>
      <p className="post-body">{post.body}</p>
      <ErrorMessage error={like.error ?? unlike.error ?? remove.error} />
      <footer className="row">
        <button
          type="button"
          className="button ghost small"
          onClick={() => (post.likedByMe ? unlike : like).mutate({ id: post.id })}
          disabled={like.isPending || unlike.isPending}
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
          aria-controls={commentsOpen ? panelId : undefined}
          onClick={() => (commentsOpen ? closeComments() : navigate(commentsPath(post.id), { keepScroll: true }))}
        >
          {commentCountText(post.commentCount)}
        </button>
        <HideButton me={me} kind="post" id={post.id} />
        {canDelete ? (
          <button
            type="button"
            className="button ghost small danger"
            onClick={() => remove.mutate({ id: post.id })}
            disabled={remove.isPending}
          >
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

import type { PostRecord, UserRecord } from '@adopt/api';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { EmptyState, ErrorMessage, QueryState } from '../components/feedback.tsx';
import { HideButton } from '../components/HideButton.tsx';
import { HeartIcon } from '../components/icons.tsx';
import { OnlineNow } from '../components/OnlineNow.tsx';
import { TimeAgo } from '../components/time.tsx';
import { queryPath } from '../live/list-specs.ts';
import { trpc } from '../trpc.ts';
import { FeedSidebar } from './feed/FeedSidebar.tsx';

function Composer() {
  const [body, setBody] = useState('');
  const id = useId();
  const create = trpc.posts.create.useMutation({ onSuccess: () => setBody('') });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim()) create.mutate({ body });
  };
  return (
    <form className="card composer" onSubmit={submit}>
      <label htmlFor={id} className="label">
        Share something with your neighbours
      </label>
      <textarea
        id={id}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        placeholder="Found a lost cat on Elm Street? Need hands on Saturday?"
        rows={3}
        maxLength={2000}
      />
      <ErrorMessage error={create.error} />
      <div className="row end">
        <span className="muted small">{body.length > 1800 ? `${2000 - body.length} characters left` : ''}</span>
        <button type="submit" className="button" disabled={create.isPending || !body.trim()}>
          {create.isPending ? 'Posting…' : 'Post'}
        </button>
      </div>
    </form>
  );
}

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

function Post({ post, me }: { post: PostRecord; me: UserRecord }) {
  const keepMyLike = useKeepMyLike();
  const like = trpc.posts.like.useMutation({ onSuccess: keepMyLike });
  const unlike = trpc.posts.unlike.useMutation({ onSuccess: keepMyLike });
  const remove = trpc.posts.delete.useMutation();
  const canDelete = post.authorId === me.id || me.role === 'admin';
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
          aria-label={`Like post by ${post.authorName}, ${post.likes} likes`}
        >
          <HeartIcon /> <span className="likes">{post.likes}</span>
        </button>
        <span className="muted small comment-count">
          {post.commentCount} {post.commentCount === 1 ? 'comment' : 'comments'}
        </span>
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
    </article>
  );
}

export function FeedScreen({ me }: { me: UserRecord }) {
  const feed = trpc.posts.list.useInfiniteQuery(
    { limit: 20 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const posts = feed.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="feed-layout">
      <OnlineNow me={me} />
      <div className="page feed">
        <h1>Neighbourhood feed</h1>
        <Composer />
        <QueryState query={feed} what="the feed">
          {posts.length === 0 ? (
            <EmptyState title="Nothing here yet">Be the first to say hello to the neighbourhood.</EmptyState>
          ) : (
            <section className="stack" aria-label="Posts">
              {posts.map((post) => (
                <Post key={post.id} post={post} me={me} />
              ))}
            </section>
          )}
          {feed.hasNextPage ? (
            <button
              type="button"
              className="button secondary block"
              onClick={() => feed.fetchNextPage()}
              disabled={feed.isFetchingNextPage}
            >
              {feed.isFetchingNextPage ? 'Loading…' : 'Show older posts'}
            </button>
          ) : null}
          <ErrorMessage error={feed.isFetchNextPageError ? feed.error : null} />
        </QueryState>
      </div>
      <FeedSidebar me={me} />
    </div>
  );
}

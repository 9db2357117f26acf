import type { UserRecord } from '@adopt/api';
import { plural } from '@adopt/api/words';
import { type FormEvent, useId, useState } from 'react';
import { EmptyState, ErrorMessage, QueryState } from '../components/feedback.tsx';
import { OnlineNow } from '../components/OnlineNow.tsx';
import { trpc } from '../trpc.ts';
import { act } from '../writes/act.ts';
import { useOverlaid } from '../writes/use-writes.ts';
import { FeedSidebar } from './feed/FeedSidebar.tsx';
import { PostCard } from './feed/PostCard.tsx';
import { UnlistedPostComments } from './feed/UnlistedPostComments.tsx';

function Composer() {
  const [body, setBody] = useState('');
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    act('posts.create', { body });
    setBody('');
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
      <div className="row end">
        <span className="muted small">
          {body.length > 1800 ? `${plural(2000 - body.length, 'character')} left` : ''}
        </span>
        <button type="submit" className="button" disabled={!body.trim()}>
          Post
        </button>
      </div>
    </form>
  );
}

const FEED_PAGE = 20;

/** The feed; `openPostId` (from the URL /posts/:id) opens that post's comments. */
export function FeedScreen({ me, openPostId = null }: { me: UserRecord; openPostId?: string | null }) {
  const feed = trpc.posts.list.useInfiniteQuery(
    { limit: FEED_PAGE },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const shown = useOverlaid('posts.list', { limit: FEED_PAGE }, feed.data);
  const posts = shown?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="feed-layout">
      <OnlineNow me={me} />
      <div className="page feed">
        <h1>Neighbourhood feed</h1>
        <Composer />
        <QueryState query={feed} what="the feed">
          {openPostId && !posts.some((post) => post.id === openPostId) ? (
            <UnlistedPostComments postId={openPostId} me={me} />
          ) : null}
          {posts.length === 0 ? (
            <EmptyState title="Nothing here yet">Be the first to say hello to the neighbourhood.</EmptyState>
          ) : (
            <section className="stack" aria-label="Posts">
              {posts.map((post) => (
                <PostCard key={post.id} post={post} me={me} commentsOpen={post.id === openPostId} />
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

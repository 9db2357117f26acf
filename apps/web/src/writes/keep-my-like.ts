import type { PostRecord } from '@adopt/api';
import { queryPath } from '@adopt/live/browser';
import type { QueryClient } from '@tanstack/react-query';

type FeedPages = { pages: { items: PostRecord[] }[] };

/** My own like comes from the mutation's answer: live post events leave out who liked what. */
export function keepMyLike(queryClient: QueryClient, record: PostRecord): void {
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

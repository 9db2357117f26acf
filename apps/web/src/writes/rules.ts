import type { CommentRecord, EventRecord, PostRecord, StreetRecord, TaskRecord } from '@adopt/api';
import type { OptimisticChange, WriteContext, WriteRule, WriteRules } from '@adopt/live/browser';
import type { InputOf, OutputOf, ProcedurePath, Seen } from './paths.ts';

type Rule<P extends ProcedurePath> = WriteRule<InputOf<P>, OutputOf<P>>;
type Context<P extends ProcedurePath> = WriteContext<OutputOf<P>> & { seen: Seen };

/** A row the server has not stored yet: it has no id to act on. */
export function isUnsaved(row: { id: string }): boolean {
  return row.id.startsWith('pending-');
}

/** A record made by a write: the server's once it answered (real id, no double entry), until then our guess. */
function created<T extends { id: string }>(
  topic: string,
  key: string,
  answer: T | undefined,
  guess: Omit<T, 'id'>,
  sameAs: (keyof T & keyof typeof guess)[],
): OptimisticChange[] {
  // Before the answer, the real record is known by its fields (ours, with the same text): the stream can
  // bring it first, and the two must not both show.
  const matches = (row: T) => sameAs.every((field) => row[field] === guess[field]);
  return [{ topic, type: 'created', id: answer?.id ?? `pending-${key}`, record: answer ?? guess, matches }];
}

function updated<T>(topic: string, id: string, update: (row: T) => Partial<T>): OptimisticChange[] {
  return [{ topic, type: 'updated', id, update }];
}

const deleted = (topic: string) => (input: { id: string }) =>
  [{ topic, type: 'deleted', id: input.id }] as OptimisticChange[];

/** The app's per-viewer fields the stream leaves out; the runtime passes the cache writer in. */
export interface RuleEffects {
  keepMyLike(post: PostRecord): void;
}

/**
 * How each action shows on screen before the server confirms it. A count is never taken as "row + 1": the
 * stream may already have brought our own change, so it is at least what the person saw, plus one.
 */
export function writeRules(effects: RuleEffects): WriteRules {
  const like = (likedByMe: boolean): Rule<'posts.like'> => ({
    optimistic: (input, { seen }: Context<'posts.like'>) =>
      updated<PostRecord>('posts', input.id, (row) => ({
        likedByMe,
        likes: likedByMe ? Math.max(row.likes, Number(seen.likes) + 1) : Math.min(row.likes, Number(seen.likes) - 1),
      })),
    committed: (result) => effects.keepMyLike(result),
  });
  const rules: { [P in ProcedurePath]?: Rule<P> } = {
    'posts.create': {
      optimistic: (input, { key, userId, seen, result }: Context<'posts.create'>) =>
        created<PostRecord>(
          'posts',
          key,
          result,
          {
            authorId: userId,
            authorName: seen.by,
            body: input.body.trim(),
            likes: 0,
            commentCount: 0,
            likedByMe: false,
            createdAt: seen.at,
          },
          ['authorId', 'body'],
        ),
    },
    'posts.like': like(true),
    'posts.unlike': like(false),
    'posts.delete': { optimistic: deleted('posts') },
    'comments.create': {
      optimistic: (input, { key, userId, seen, result }: Context<'comments.create'>) =>
        created<CommentRecord>(
          'comments',
          key,
          result,
          {
            postId: input.postId,
            authorId: userId,
            authorName: seen.by,
            body: input.body.trim(),
            createdAt: seen.at,
          },
          ['authorId', 'postId', 'body'],
        ),
    },
    'comments.delete': { optimistic: deleted('comments') },
    'events.create': {
      optimistic: (input, { key, userId, seen, result }: Context<'events.create'>) =>
        created<EventRecord>(
          'events',
          key,
          result,
          {
            ...input,
            description: input.description ?? '',
            location: input.location ?? '',
            organiserId: userId,
            organiserName: seen.by,
            status: 'draft',
            attendees: [],
            createdAt: seen.at,
            updatedAt: seen.at,
          } as Omit<EventRecord, 'id'>,
          ['organiserId', 'title'],
        ),
    },
    'events.update': {
      optimistic: ({ id, ...changes }) => updated<EventRecord>('events', id, () => changes as Partial<EventRecord>),
    },
    'events.publish': { optimistic: ({ id }) => updated<EventRecord>('events', id, () => ({ status: 'published' })) },
    'events.cancel': { optimistic: ({ id }) => updated<EventRecord>('events', id, () => ({ status: 'cancelled' })) },
    'events.rsvp': {
      optimistic: ({ id, going }, { userId, seen }: Context<'events.rsvp'>) =>
        updated<EventRecord>('events', id, (row) => ({
          attendees: [
            ...row.attendees.filter((a) => a.id !== userId),
            ...(going ? [{ id: userId, name: seen.by }] : []),
          ],
        })),
    },
    'tasks.create': {
      optimistic: (input, { key, userId, seen, result }: Context<'tasks.create'>) =>
        created<TaskRecord>(
          'tasks',
          key,
          result,
          {
            title: input.title.trim(),
            streetId: input.streetId ?? null,
            streetName: (seen.streetName as string | undefined) ?? null,
            status: 'open',
            assigneeId: null,
            assigneeName: null,
            createdBy: userId,
            createdAt: seen.at,
            updatedAt: seen.at,
          },
          ['createdBy', 'title'],
        ),
    },
    'tasks.update': {
      optimistic: ({ id, status, assigneeId }, { seen }: Context<'tasks.update'>) =>
        updated<TaskRecord>('tasks', id, () => ({
          ...(status !== undefined && { status }),
          ...(assigneeId !== undefined && { assigneeId, assigneeName: (seen.assigneeName as string | null) ?? null }),
        })),
    },
    'tasks.delete': { optimistic: deleted('tasks') },
    'streets.adopt': {
      optimistic: ({ id }, { userId, seen }: Context<'streets.adopt'>) =>
        updated<StreetRecord>('streets', id, () => ({ adoptedBy: userId, adopterName: seen.by, adoptedAt: seen.at })),
    },
    'streets.release': {
      optimistic: ({ id }) =>
        updated<StreetRecord>('streets', id, () => ({ adoptedBy: null, adopterName: null, adoptedAt: null })),
    },
    'notifications.markRead': {
      optimistic: ({ ids }) => ids.flatMap((id) => updated('notifications', id, () => ({ read: true }))),
    },
  };
  return rules as WriteRules;
}

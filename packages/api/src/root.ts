import type { TRPCBuiltRouter, TRPCMutationProcedure, TRPCRouterRecord } from '@trpc/server';
import type { Committed } from './live/exactly-once.ts';
import { adminRouter } from './router/admin.ts';
import { announcementsRouter } from './router/announcements.ts';
import { authRouter } from './router/auth.ts';
import { commentsRouter } from './router/comments.ts';
import { eventsRouter } from './router/events.ts';
import { jobsRouter } from './router/jobs.ts';
import { leaderboardRouter } from './router/leaderboard.ts';
import { liveRouter } from './router/live.ts';
import { notificationsRouter } from './router/notifications.ts';
import { postsRouter } from './router/posts.ts';
import { presenceRouter } from './router/presence.ts';
import { rewardsRouter } from './router/rewards.ts';
import { statsRouter } from './router/stats.ts';
import { streetsRouter } from './router/streets.ts';
import { tasksRouter } from './router/tasks.ts';
import { usersRouter } from './router/users.ts';
import { createCallerFactory, createTRPCRouter } from './trpc.ts';

export const appRouter = createTRPCRouter({
  auth: authRouter,
  posts: postsRouter,
  comments: commentsRouter,
  events: eventsRouter,
  tasks: tasksRouter,
  streets: streetsRouter,
  notifications: notificationsRouter,
  rewards: rewardsRouter,
  leaderboard: leaderboardRouter,
  jobs: jobsRouter,
  announcements: announcementsRouter,
  presence: presenceRouter,
  users: usersRouter,
  stats: statsRouter,
  admin: adminRouter,
  live: liveRouter,
});

/** The router's procedures as clients see them: every mutation's output is `Committed` (see `exactlyOnce`). */
type CommittedMutations<R extends TRPCRouterRecord> = {
  [K in keyof R]: R[K] extends TRPCMutationProcedure<infer D>
    ? TRPCMutationProcedure<{ input: D['input']; output: Committed<D['output']>; meta: D['meta'] }>
    : R[K] extends TRPCRouterRecord
      ? CommittedMutations<R[K]>
      : R[K];
};

export type AppRouter = TRPCBuiltRouter<
  (typeof appRouter)['_def']['_config']['$types'],
  CommittedMutations<(typeof appRouter)['_def']['record']>
>;

// The middleware adds `lastEventId` at run time; this gives the in-process caller the same types as a client.
export const createCaller = createCallerFactory(appRouter as unknown as AppRouter);

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
  admin: adminRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

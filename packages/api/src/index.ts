import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root.ts';

export { RateLimiter } from './auth/rate-limit.ts';
export { type Context, connectionOwner, createContext, type RequestInfo, type Viewer } from './context.ts';
export { createServices, type ServicesOptions } from './create-services.ts';
export { changeRole, ensureAdmin } from './domain/auth.ts';
export { failInterruptedJobs } from './domain/jobs/lifecycle.ts';
export { type CrashReporter, JobRunner } from './domain/jobs/runner.ts';
export { AppError } from './errors.ts';
export { type Audience, canSee } from './live/audience.ts';
export { type AppEventBus, type AppEventBusOptions, createEventBus, type ViewerState } from './live/bus.ts';
export {
  type LiveEvent,
  type LiveMessage,
  type ResyncEvent,
  TOPICS,
  type Topic,
  type TopicRecords,
} from './live/topics.ts';
export type * from './records.ts';
export { type AppRouter, appRouter, createCaller } from './root.ts';
export { type ApiConfig, type ConnectionStats, defaultApiConfig, type Services } from './services.ts';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

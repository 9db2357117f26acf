import { adminContract } from './admin.contract.ts';
import { announcementsContract } from './announcements.contract.ts';
import { authContract } from './auth.contract.ts';
import type { ContractTarget } from './client.ts';
import { commentsContract } from './comments.contract.ts';
import { eventsContract } from './events.contract.ts';
import { everyoneContract } from './everyone.contract.ts';
import { exactlyOnceContract } from './exactly-once.contract.ts';
import { jobsContract } from './jobs.contract.ts';
import { leaderboardContract } from './leaderboard.contract.ts';
import { liveContract } from './live.contract.ts';
import { membersContract } from './members.contract.ts';
import { moderationContract } from './moderation.contract.ts';
import { notificationsContract } from './notifications.contract.ts';
import { postsContract } from './posts.contract.ts';
import { presenceContract } from './presence.contract.ts';
import { rewardsContract } from './rewards.contract.ts';
import { statsContract } from './stats.contract.ts';
import { streetsContract } from './streets.contract.ts';
import { tasksContract } from './tasks.contract.ts';

export { callerTarget } from './caller-target.ts';
export type { Api, App, ContractTarget } from './client.ts';

/** The API's behaviour, written once and run against every target (in-process caller, real HTTP). */
export function defineContract(target: ContractTarget): void {
  authContract(target);
  postsContract(target);
  commentsContract(target);
  liveContract(target);
  eventsContract(target);
  jobsContract(target);
  tasksContract(target);
  streetsContract(target);
  notificationsContract(target);
  rewardsContract(target);
  leaderboardContract(target);
  announcementsContract(target);
  adminContract(target);
  presenceContract(target);
  statsContract(target);
  membersContract(target);
  moderationContract(target);
  everyoneContract(target);
  exactlyOnceContract(target);
}

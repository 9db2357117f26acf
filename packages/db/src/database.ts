import type { LiveTables } from '@adopt/live/log';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** ISO-8601 timestamps are stored as text so both SQLite and PostgreSQL order them the same way. */
type Timestamp = string;
/** Booleans are stored as 0/1 integers: SQLite has no boolean type. */
type Flag = number;

export type Role = 'member' | 'admin';

export interface UserTable {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
  points: Generated<number>;
  createdAt: Timestamp;
  /** Set while the account is banned: what login tells them. */
  bannedReason: Generated<string | null>;
  /** 1 when the person chose not to be shown as online. */
  presenceHidden: Generated<Flag>;
}

export interface SessionTable {
  id: string;
  tokenHash: string;
  userId: string;
  createdAt: Timestamp;
  expiresAt: Timestamp;
}

export interface PostTable {
  id: string;
  authorId: string;
  body: string;
  likes: Generated<number>;
  createdAt: Timestamp;
  /** Set when an admin hid it: it leaves every list, and the author is told this reason. */
  hiddenReason: Generated<string | null>;
}

export interface PostLikeTable {
  postId: string;
  userId: string;
}

export interface CommentTable {
  id: string;
  postId: string;
  authorId: string;
  body: string;
  createdAt: Timestamp;
  hiddenReason: Generated<string | null>;
}

/** One row per instance and person with a stream open there, refreshed by that instance's heartbeat. */
export interface PresenceTable {
  instanceId: string;
  userId: string;
  seenAt: Timestamp;
}

export type CleanupEventStatus = 'draft' | 'published' | 'cancelled';

export interface CleanupEventTable {
  id: string;
  organiserId: string;
  title: string;
  description: string;
  startsAt: Timestamp;
  location: string;
  status: CleanupEventStatus;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface RsvpTable {
  eventId: string;
  userId: string;
  going: Flag;
}

export type TaskStatus = 'open' | 'in_progress' | 'done';

export interface TaskTable {
  id: string;
  title: string;
  streetId: string | null;
  status: TaskStatus;
  assigneeId: string | null;
  createdBy: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface StreetTable {
  id: string;
  name: string;
  adoptedBy: string | null;
  adoptedAt: Timestamp | null;
  createdAt: Timestamp;
}

/** The kinds of thing a notification can be about; each has its own screen. */
export type SubjectKind = 'post' | 'task' | 'event' | 'street';

export interface NotificationTable {
  id: string;
  userId: string;
  message: string;
  subjectKind: SubjectKind | null;
  subjectId: string | null;
  readAt: Timestamp | null;
  createdAt: Timestamp;
}

export interface RewardTable {
  id: string;
  userId: string;
  badge: string | null;
  points: number;
  reason: string;
  /** Keeps a one-off award unique; the reason is only the words a person reads. */
  awardKey: string;
  createdAt: Timestamp;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobTable {
  id: string;
  ownerId: string;
  kind: string;
  status: JobStatus;
  processed: Generated<number>;
  total: Generated<number>;
  result: string | null;
  error: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface AnnouncementTable {
  id: string;
  authorId: string;
  message: string;
  createdAt: Timestamp;
}

export interface Database extends LiveTables {
  users: UserTable;
  sessions: SessionTable;
  posts: PostTable;
  postLikes: PostLikeTable;
  comments: CommentTable;
  cleanupEvents: CleanupEventTable;
  rsvps: RsvpTable;
  tasks: TaskTable;
  streets: StreetTable;
  notifications: NotificationTable;
  rewards: RewardTable;
  jobs: JobTable;
  announcements: AnnouncementTable;
  presence: PresenceTable;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Session = Selectable<SessionTable>;
export type Post = Selectable<PostTable>;
export type Comment = Selectable<CommentTable>;
export type CleanupEvent = Selectable<CleanupEventTable>;
export type CleanupEventUpdate = Updateable<CleanupEventTable>;
export type Task = Selectable<TaskTable>;
export type Street = Selectable<StreetTable>;
export type Notification = Selectable<NotificationTable>;
export type Reward = Selectable<RewardTable>;
export type Job = Selectable<JobTable>;
export type Announcement = Selectable<AnnouncementTable>;

/** Column type for counts that PostgreSQL returns as strings. */
export type Count = ColumnType<number | string | bigint>;

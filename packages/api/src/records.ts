// The shapes every query returns and every live event carries: plain JSON, timestamps as ISO strings.

import type { SubjectKind } from '@adopt/db';

export interface UserRecord {
  id: string;
  name: string;
  email: string;
  role: 'member' | 'admin';
  points: number;
}

/** A member as admins and the assignee picker see them: no email, the ban reason for admins. */
export interface MemberRecord {
  id: string;
  name: string;
  role: 'member' | 'admin';
  /** Set while banned; only admins are shown banned members. */
  bannedReason: string | null;
}

/** Someone with the app open right now; its id is the user's id. */
export interface PresenceRecord {
  id: string;
  name: string;
}

/** One server instance's live figures, re-sent every few seconds while an admin watches; its id is the instance's. */
export interface InstanceStatsRecord {
  id: string;
  startedAt: string;
  /** When these figures were taken. */
  at: string;
  /** Open live streams on this instance, and per topic (a multiplexed stream counts once per topic). */
  streams: number;
  topics: Record<string, number>;
  /** Events handed to streams per second, over the last interval. */
  deliveriesPerSecond: number;
  /** Streams cut off for falling behind, since the instance started. */
  slowClientsCut: number;
  /** Committed events this instance has not yet handed out. */
  eventLogLag: number;
  runningJobs: number;
  /** Admins with the figures open on this instance: while any instance has one, every instance publishes. */
  watchers: number;
}

export interface PostRecord {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  likes: number;
  commentCount: number;
  /** Whether the viewer asking has liked it: per viewer, so live events leave it out (see the posts topic). */
  likedByMe: boolean;
  createdAt: string;
}

export interface CommentRecord {
  id: string;
  postId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
}

export interface Attendee {
  id: string;
  name: string;
}

export interface EventRecord {
  id: string;
  organiserId: string;
  organiserName: string;
  title: string;
  description: string;
  startsAt: string;
  location: string;
  status: 'draft' | 'published' | 'cancelled';
  /** Everyone who answered the RSVP with "going". */
  attendees: Attendee[];
  createdAt: string;
  updatedAt: string;
}

export interface TaskRecord {
  id: string;
  title: string;
  streetId: string | null;
  streetName: string | null;
  status: 'open' | 'in_progress' | 'done';
  assigneeId: string | null;
  assigneeName: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface StreetRecord {
  id: string;
  name: string;
  adoptedBy: string | null;
  adopterName: string | null;
  adoptedAt: string | null;
  createdAt: string;
}

/** What a notification is about: the inbox links to its screen. */
export interface NotificationSubject {
  kind: SubjectKind;
  id: string;
}

export interface NotificationRecord {
  id: string;
  userId: string;
  message: string;
  subject: NotificationSubject | null;
  read: boolean;
  createdAt: string;
}

export interface RewardRecord {
  id: string;
  userId: string;
  badge: string | null;
  points: number;
  reason: string;
  createdAt: string;
}

/** One person's place on the leaderboard; its id is the user's id. */
export interface LeaderboardRecord {
  id: string;
  name: string;
  points: number;
}

export interface JobRecord {
  id: string;
  ownerId: string;
  kind: 'recomputeLeaderboard' | 'importEvents';
  status: 'queued' | 'running' | 'done' | 'failed';
  processed: number;
  total: number;
  result: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AnnouncementRecord {
  id: string;
  authorId: string;
  authorName: string;
  message: string;
  createdAt: string;
}

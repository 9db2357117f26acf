import type { Audience } from '../topics/define.ts';

export type { Audience };

export const EVERYONE: Audience = { everyone: true };
export const NOBODY: Audience = {};

export function onlyUser(userId: string): Audience {
  return { users: [userId] };
}

export interface ViewerRights {
  userId: string | null;
  role: 'member' | 'admin' | null;
}

/** Decided at delivery time, against the viewer's current role. */
export function canSee(audience: Audience, viewer: ViewerRights): boolean {
  if (audience.everyone) return true;
  if (audience.members && viewer.userId !== null) return true;
  if (audience.admins && viewer.role === 'admin') return true;
  return viewer.userId !== null && (audience.users?.includes(viewer.userId) ?? false);
}

/** The users an audience is limited to, or null when it reaches further: the bus visits only their streams. */
export function onlyUsers(audience: Audience): readonly string[] | null {
  return audience.everyone || audience.members || audience.admins ? null : (audience.users ?? []);
}

export interface PresenceConfig {
  /** How long after someone's last stream closes they count as gone: a reload does not flap. */
  leaveDelayMs: number;
  /** How often this instance refreshes its rows and sweeps those of instances that stopped refreshing. */
  heartbeatMs: number;
  /** A row older than this belongs to a dead instance; a leave follows within this plus one heartbeat. */
  expireAfterMs: number;
}

export const defaultPresenceConfig: PresenceConfig = { leaveDelayMs: 3000, heartbeatMs: 5000, expireAfterMs: 20_000 };

/** The oldest heartbeat that still counts as online. */
export function freshSince(config: PresenceConfig, now = Date.now()): string {
  return new Date(now - config.expireAfterMs).toISOString();
}

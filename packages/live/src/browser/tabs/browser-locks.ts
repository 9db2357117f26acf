/**
 * The browser's Web Locks, when tabs can share work: that needs BroadcastChannel as well. Null otherwise
 * (an old browser, a script that removed them): then each tab works on its own.
 */
export function browserLocks(): LockManager | null {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return typeof locks?.request === 'function' && typeof BroadcastChannel === 'function' ? locks : null;
}

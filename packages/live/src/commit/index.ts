// @adopt/live/commit: a mutation's changes and its events in one transaction, and snapshots to resume from.
export { commitLive, type LiveCommitOptions, type LiveTx, type LoggedEvent } from './live-commit.ts';
export { readSnapshot, type Snapshot } from './snapshot.ts';

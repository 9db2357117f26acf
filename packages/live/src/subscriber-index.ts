import type { Subscription, ViewerState } from './subscription.ts';

function addTo<V extends ViewerState>(index: Map<string, Set<Subscription<V>>>, key: string, sub: Subscription<V>) {
  const set = index.get(key);
  if (set) set.add(sub);
  else index.set(key, new Set([sub]));
}

function removeFrom<V extends ViewerState>(
  index: Map<string, Set<Subscription<V>>>,
  key: string,
  sub: Subscription<V>,
) {
  const set = index.get(key);
  set?.delete(sub);
  if (set?.size === 0) index.delete(key);
}

/** The open subscriptions, by topic and by user, so an event visits only those that might receive it. */
export class SubscriberIndex<V extends ViewerState> {
  readonly all = new Set<Subscription<V>>();
  private readonly byTopic = new Map<string, Set<Subscription<V>>>();
  private readonly byUser = new Map<string, Set<Subscription<V>>>();

  add(sub: Subscription<V>): void {
    this.all.add(sub);
    for (const topic of sub.topics) addTo(this.byTopic, topic, sub);
    if (sub.viewer.userId !== null) addTo(this.byUser, sub.viewer.userId, sub);
  }

  remove(sub: Subscription<V>): void {
    this.all.delete(sub);
    for (const topic of sub.topics) removeFrom(this.byTopic, topic, sub);
    if (sub.viewer.userId !== null) removeFrom(this.byUser, sub.viewer.userId, sub);
  }

  /** Every subscription of `topic`, or with `users`, only theirs: an event only they may see visits no one else. */
  candidates(topic: string, users: readonly string[] | null): Iterable<Subscription<V>> {
    if (users === null) return this.byTopic.get(topic) ?? [];
    const subs: Subscription<V>[] = [];
    for (const userId of new Set(users)) {
      for (const sub of this.byUser.get(userId) ?? []) if (sub.topics.includes(topic)) subs.push(sub);
    }
    return subs;
  }

  countByTopic(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [topic, subs] of this.byTopic) counts[topic] = subs.size;
    return counts;
  }
}

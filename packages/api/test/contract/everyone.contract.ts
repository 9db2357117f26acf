import { describe, expect, it } from 'vitest';
import { type LiveMessage, TOPICS } from '../../src/live/topics.ts';
import type { LiveRecorder } from '../live-recorder.ts';
import type { ContractTarget } from './client.ts';
import { listen, useApp } from './setup.ts';

type Seen = LiveRecorder<LiveMessage>;

const privateOwner = (event: LiveMessage): string | null =>
  'topic' in event && event.type !== 'deleted' && (event.topic === 'notifications' || event.topic === 'rewards')
    ? event.record.userId
    : null;

/** Ids strictly increase: nothing twice, nothing out of order. */
function expectInOrder(stream: Seen): void {
  const ids = stream.received.map((r) => Number(r.id));
  expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
}

export function everyoneContract(target: ContractTarget): void {
  describe('a member, an admin and a visitor, each subscribed to every topic', () => {
    const app = useApp(target);

    it('each sees every change they may see, in order, and nothing they may not', async () => {
      const admin = app.admin();
      const member = await app.signUp('Member');
      const { lastEventId } = await member.api.posts.list.query({});
      const subscribe = (api: typeof member.api) => listen(api.live.onChange, { topics: [...TOPICS], lastEventId });
      const seenByAdmin = subscribe(admin.api);
      const seenByMember = subscribe(member.api);
      const seenByVisitor = subscribe(app.anonymous());
      try {
        const street = await admin.api.streets.create.mutate({ name: `Every Street ${Date.now()}` });
        await member.api.streets.adopt.mutate({ id: street.id });
        const post = await member.api.posts.create.mutate({ body: 'Hello from every topic' });
        const fields = { description: 'Bring gloves', startsAt: '2031-05-01T09:00:00Z', location: 'The corner' };
        const memberDraft = await member.api.events.create.mutate({ title: 'Member draft', ...fields });
        const adminDraft = await admin.api.events.create.mutate({ title: 'Admin draft', ...fields });
        const secretDraft = await admin.api.events.create.mutate({ title: 'Stays a draft', ...fields });
        await admin.api.events.publish.mutate({ id: adminDraft.id });
        await member.api.events.rsvp.mutate({ id: adminDraft.id, going: true });
        const task = await member.api.tasks.create.mutate({ title: 'Sweep the corner', streetId: street.id });
        await member.api.tasks.update.mutate({ id: task.id, status: 'done' });
        const job = await admin.api.jobs.start.mutate({ kind: 'recomputeLeaderboard' });
        await seenByAdmin.waitFor(
          (e) =>
            'topic' in e && e.topic === 'jobs' && e.id === job.id && e.type === 'updated' && e.record.status === 'done',
        );
        const marker = await admin.api.admin.announce.mutate({ message: 'That is all' });
        const isMarker = (e: LiveMessage) => 'topic' in e && e.topic === 'announcements' && e.id === marker.id;
        await Promise.all([seenByAdmin, seenByMember, seenByVisitor].map((s) => s.waitFor(isMarker)));

        const has = (stream: Seen, topic: string, id: string, type?: string) =>
          stream.data.some((e) => 'topic' in e && e.topic === topic && e.id === id && (!type || e.type === type));
        for (const stream of [seenByAdmin, seenByMember, seenByVisitor]) {
          expectInOrder(stream);
          expect(has(stream, 'streets', street.id, 'created')).toBe(true);
          expect(has(stream, 'streets', street.id, 'updated')).toBe(true);
          expect(has(stream, 'posts', post.id, 'created')).toBe(true);
          expect(has(stream, 'events', adminDraft.id, 'updated')).toBe(true);
          expect(has(stream, 'tasks', task.id, 'updated')).toBe(true);
          expect(has(stream, 'leaderboard', member.user.id)).toBe(true);
        }
        // Drafts: the organiser and admins only.
        expect(has(seenByAdmin, 'events', memberDraft.id, 'created')).toBe(true);
        expect(has(seenByMember, 'events', memberDraft.id, 'created')).toBe(true);
        expect(has(seenByVisitor, 'events', memberDraft.id)).toBe(false);
        expect(has(seenByAdmin, 'events', secretDraft.id, 'created')).toBe(true);
        expect(has(seenByMember, 'events', secretDraft.id) || has(seenByVisitor, 'events', secretDraft.id)).toBe(false);
        expect(has(seenByMember, 'events', adminDraft.id, 'created')).toBe(false);
        expect(has(seenByVisitor, 'events', adminDraft.id, 'created')).toBe(false);
        // Jobs: their owner and admins only.
        expect(has(seenByAdmin, 'jobs', job.id)).toBe(true);
        expect(has(seenByMember, 'jobs', job.id) || has(seenByVisitor, 'jobs', job.id)).toBe(false);
        // Notifications and rewards: the person they are for, and nobody else.
        expect(seenByMember.data.filter(privateOwner).length).toBeGreaterThanOrEqual(6);
        expect(seenByMember.data.every((e) => [null, member.user.id].includes(privateOwner(e)))).toBe(true);
        expect(seenByAdmin.data.every((e) => [null, admin.user.id].includes(privateOwner(e)))).toBe(true);
        expect(seenByVisitor.data.every((e) => privateOwner(e) === null)).toBe(true);
      } finally {
        for (const stream of [seenByAdmin, seenByMember, seenByVisitor]) stream.close();
      }
    });
  });
}

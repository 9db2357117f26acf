import { describe, expect, it } from 'vitest';
import { RecentEvents } from './recent-events.ts';

function filled(capacity: number, startAfter: string, ids: number[]): RecentEvents<string> {
  const recent = new RecentEvents<string>(capacity);
  recent.startAfter(startAfter);
  for (const id of ids) recent.push(String(id), `event ${id}`);
  return recent;
}

describe('RecentEvents: what a tab that joins late is sent', () => {
  it('every event after its snapshot positions, in order, none it already reflects', () => {
    const recent = filled(10, '4', [5, 7, 9]);
    expect(recent.catchUp('5')).toEqual({
      events: [
        { id: '7', message: 'event 7' },
        { id: '9', message: 'event 9' },
      ],
    });
    expect(recent.catchUp('4')).toEqual({ events: expect.arrayContaining([{ id: '5', message: 'event 5' }]) });
  });

  it('nothing when its snapshots are newer than anything the leader has seen yet', () => {
    expect(filled(10, '4', [5]).catchUp('12')).toEqual({ events: [] });
  });

  it('a resync when its snapshots are older than the stream this tab started from', () => {
    expect(filled(10, '4', [5, 6]).catchUp('3')).toEqual({ resync: true });
  });

  it('a resync once the bounded buffer no longer reaches back to its snapshots', () => {
    const recent = filled(3, '0', [1, 2, 3, 4, 5]);
    expect(recent.catchUp('1')).toEqual({ resync: true });
    expect(recent.catchUp('2')).toEqual({
      events: [
        { id: '3', message: 'event 3' },
        { id: '4', message: 'event 4' },
        { id: '5', message: 'event 5' },
      ],
    });
  });

  it('a resync before it has started, or for a position that is not an event id', () => {
    expect(new RecentEvents<string>(3).catchUp('5')).toEqual({ resync: true });
    expect(filled(3, '0', [1]).catchUp('soon')).toEqual({ resync: true });
  });

  it('starts over after a resync: what came before it is not handed out', () => {
    const recent = filled(10, '0', [1, 2]);
    recent.startAfter('50');
    recent.push('51', 'event 51');
    expect(recent.catchUp('1')).toEqual({ resync: true });
    expect(recent.catchUp('50')).toEqual({ events: [{ id: '51', message: 'event 51' }] });
  });
});

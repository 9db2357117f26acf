import { describe, expect, it } from 'vitest';
import { SeenEvents } from './seen-events.ts';

type Message = { type: 'created'; id: string } | { type: 'resync'; reason: string };
const created = (id: string): Message => ({ type: 'created', id });
const resync: Message = { type: 'resync', reason: 'trimmed' };

describe('SeenEvents: what one tab applies of the relayed stream', () => {
  it('applies each event once, in id order: a repeat or an older one after a takeover is skipped', () => {
    const seen = new SeenEvents<Message>(10, '4');
    expect(seen.accept('5', created('a'))).toBe(true);
    expect(seen.accept('5', created('a'))).toBe(false);
    expect(seen.accept('3', created('z'))).toBe(false);
    expect(seen.accept('8', created('b'))).toBe(true);
    expect(seen.lastEventId).toBe('8');
  });

  it('always passes a resync on, and then no longer hands out what came before it', () => {
    const seen = new SeenEvents<Message>(10, '4');
    seen.accept('5', created('a'));
    expect(seen.accept('5', resync)).toBe(true);
    expect(seen.catchUp('4')).toEqual({ resync: true });
    expect(seen.catchUp('5')).toEqual({ events: [] });
  });

  it('catches up a joining tab from what it has seen since it joined', () => {
    const seen = new SeenEvents<Message>(10, '4');
    seen.accept('6', created('a'));
    seen.accept('9', created('b'));
    expect(seen.catchUp('6')).toEqual({ events: [{ id: '9', message: created('b') }] });
    expect(seen.catchUp('3')).toEqual({ resync: true });
  });

  it('knows when a new leader streams from beyond what this tab has seen', () => {
    const seen = new SeenEvents<Message>(10, '4');
    seen.accept('6', created('a'));
    expect(seen.isBehind('6')).toBe(false);
    expect(seen.isBehind('7')).toBe(true);
    seen.startOver('2');
    expect(seen.lastEventId).toBe('2');
    expect(seen.accept('3', created('c'))).toBe(true);
  });
});

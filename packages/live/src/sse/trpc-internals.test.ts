import { createRequire } from 'node:module';
import { getTRPCErrorShape, initTRPC, TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { isSubscriptionPath, listProcedures, routerConfig } from './trpc-internals.ts';

const readText = (value: unknown) => ({ text: String((value as { text?: unknown }).text) });
const t = initTRPC.create({
  errorFormatter: ({ shape }) => ({ ...shape, data: { ...shape.data, formatted: true } }),
  sse: { ping: { enabled: true, intervalMs: 1234 } },
});
const router = t.router({
  notes: t.router({
    list: t.procedure.query(() => []),
    add: t.procedure.input(readText).mutation(() => null),
    onChange: t.procedure.subscription(async function* () {}),
  }),
});

describe('what the SSE responder takes from tRPC internals', () => {
  it('is checked against the tRPC version it was written for', () => {
    // An upgrade must re-check this module (and run the wire test) before moving the pin.
    const { version } = createRequire(import.meta.url)('@trpc/server/package.json') as { version: string };
    expect(version).toBe('11.19.0');
  });

  it('reads the router config that shapes errors and pings as tRPC itself does', () => {
    const config = routerConfig(router);
    expect(config.sse?.ping).toEqual({ enabled: true, intervalMs: 1234 });
    const shape = getTRPCErrorShape({
      config,
      error: new TRPCError({ code: 'NOT_FOUND', message: 'gone' }),
      type: 'subscription',
      path: 'notes.onChange',
      input: undefined,
      ctx: undefined,
    });
    expect(shape).toMatchObject({
      message: 'gone',
      data: { code: 'NOT_FOUND', path: 'notes.onChange', formatted: true },
    });
  });

  it('tells a subscription path from queries, routers and unknown paths', () => {
    expect(isSubscriptionPath(router, 'notes.onChange')).toBe(true);
    expect(isSubscriptionPath(router, 'notes.list')).toBe(false);
    expect(isSubscriptionPath(router, 'notes')).toBe(false);
    expect(isSubscriptionPath(router, 'notes.missing')).toBe(false);
  });

  it('lists every procedure by its dotted path, with its kind and input parser', () => {
    const entries = listProcedures(router);
    expect(entries.map(({ path, type, inputs }) => [path, type, inputs.length])).toEqual([
      ['notes.list', 'query', 0],
      ['notes.add', 'mutation', 1],
      ['notes.onChange', 'subscription', 0],
    ]);
    expect(entries.find((entry) => entry.path === 'notes.add')?.inputs).toEqual([readText]);
  });
});

import type { AnyTRPCProcedure, AnyTRPCRouter } from '@trpc/server';

// What tRPC 11.19 offers only through a router's `_def`, pinned here and nowhere else; trpc-internals.test.ts
// and the byte-for-byte wire test (apps/server/test/sse-wire.test.ts) fail if an upgrade changes it.

/** The router's root config (error formatter, transformer, SSE options): getTRPCErrorShape needs it. */
export type TRPCRouterConfig<TRouter extends AnyTRPCRouter> = TRouter['_def']['_config'];

export function routerConfig<TRouter extends AnyTRPCRouter>(router: TRouter): TRPCRouterConfig<TRouter> {
  return router._def._config;
}

/** One procedure of a router: its dotted path, its kind and the input parsers it was built with. */
export interface ProcedureEntry {
  path: string;
  type: AnyTRPCProcedure['_def']['type'];
  /** The parsers from `.input(...)`, in order (zod schemas in this project); empty when it takes none. */
  inputs: readonly unknown[];
}

/** Every procedure of a router, nested routers flattened to dotted paths (tRPC keeps them so). */
export function listProcedures(router: AnyTRPCRouter): ProcedureEntry[] {
  return Object.entries(router._def.procedures as Record<string, AnyTRPCProcedure>).map(([path, procedure]) => ({
    path,
    type: procedure._def.type,
    inputs: procedure._def.inputs,
  }));
}

/**
 * Whether a path names a subscription, answered at once so every other request is left to tRPC's handler
 * (tRPC's own getProcedureAtPath is async and internal). A lazy router not yet loaded answers false: its
 * subscriptions then take tRPC's own, slower, path.
 */
export function isSubscriptionPath(router: AnyTRPCRouter, path: string): boolean {
  const procedure: AnyTRPCProcedure | undefined = router._def.procedures[path];
  return procedure?._def.type === 'subscription';
}

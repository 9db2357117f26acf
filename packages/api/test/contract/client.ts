import type { TRPCClient } from '@trpc/client';
import type { AppRouter } from '../../src/root.ts';

/** The stock tRPC client's shape: both targets (in-process caller, real HTTP) are driven through it. */
export type Api = TRPCClient<AppRouter>;

export interface ContractTarget {
  name: string;
  /** A fresh, empty app: its own database, no accounts. */
  start(): Promise<App>;
}

export interface App {
  /** A client with no credentials, or one that sends `Authorization: Bearer <token>`. */
  client(token?: string): Api;
  close(): Promise<void>;
}

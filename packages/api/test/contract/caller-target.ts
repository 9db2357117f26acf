import { routerConfig } from '@adopt/live/sse';
import { TRPCClientError } from '@trpc/client';
import { isTrackedEnvelope } from '@trpc/server';
import { getErrorShape, getTRPCErrorFromUnknown } from '@trpc/server/unstable-core-do-not-import';
import { createContext } from '../../src/context.ts';
import { appRouter, createCaller } from '../../src/root.ts';
import { createTestServices } from '../services.ts';
import type { Api, App, ContractTarget } from './client.ts';

type Procedure = (input: unknown) => Promise<unknown>;

interface Observer {
  onData?: (value: unknown) => void;
  onError?: (error: unknown) => void;
  onComplete?: () => void;
  onStarted?: () => void;
}

/** The error a real client would see: the server's error shape, formatted by the router's own formatter. */
function toClientError(error: unknown, path: string[], type: 'query' | 'mutation' | 'subscription'): unknown {
  const trpcError = getTRPCErrorFromUnknown(error);
  const shape = getErrorShape({
    config: routerConfig(appRouter),
    error: trpcError,
    type,
    path: path.join('.'),
    input: undefined,
    ctx: undefined,
  });
  return TRPCClientError.from({ error: shape });
}

/** A caller for one call: `idempotencyKey` is what an HTTP client sends as the Idempotency-Key header. */
type MakeCaller = (signal?: AbortSignal, idempotencyKey?: string) => unknown;

function resolve(caller: unknown, path: string[]): unknown {
  return path.reduce<any>((node, part) => node[part], caller);
}

/** Presents `createCaller` with the tRPC client's shape: `.query`, `.mutate`, `.subscribe`. */
function callerAsClient(makeCaller: MakeCaller, path: string[] = []): Api {
  return new Proxy(() => undefined, {
    get(_target, key: string) {
      if (key === 'query' || key === 'mutate') {
        return (input: unknown, opts?: { context?: { idempotencyKey?: string } }) =>
          (resolve(makeCaller(undefined, opts?.context?.idempotencyKey), path) as Procedure)(input).catch((error) =>
            Promise.reject(toClientError(error, path, key === 'query' ? 'query' : 'mutation')),
          );
      }
      if (key === 'subscribe') {
        return (input: unknown, observer: Observer) => {
          const abort = new AbortController();
          // A caller made with the signal: aborting it ends the subscription like a closed connection.
          const fn = resolve(makeCaller(abort.signal), path) as (input: unknown) => Promise<AsyncIterable<unknown>>;
          (async () => {
            const iterable = await fn(input);
            observer.onStarted?.();
            for await (const value of iterable) {
              if (abort.signal.aborted) return;
              observer.onData?.(isTrackedEnvelope(value) ? { id: value[0], data: value[1] } : value);
            }
            observer.onComplete?.();
          })().catch((error) => {
            if (!abort.signal.aborted) observer.onError?.(toClientError(error, path, 'subscription'));
          });
          return { unsubscribe: () => abort.abort() };
        };
      }
      return callerAsClient(makeCaller, [...path, key]);
    },
  }) as unknown as Api;
}

export const callerTarget: ContractTarget = {
  name: 'in-process caller',
  async start(): Promise<App> {
    const services = await createTestServices();
    return {
      client(token) {
        const context = (idempotencyKey?: string) => () =>
          createContext(services, {
            idempotencyKey,
            authorization: token ? `Bearer ${token}` : undefined,
            ownOrigin: 'http://localhost',
            ip: '127.0.0.1',
            secure: false,
            setCookie: () => {},
          });
        return callerAsClient((signal, key) => createCaller(context(key), signal ? { signal } : {}));
      },
      close: () => services.close(),
    };
  },
};

import type { ServerEnv } from '../env.ts';

/** Procedures that take a file: their calls may carry a larger body than any other request. */
const FILE_PROCEDURES = new Set(['jobs.start']);

/** The procedures a tRPC URL calls: `/trpc/a,b?batch=1` calls a and b. */
function proceduresOf(url: string): string[] {
  const path = url.split('?')[0] ?? '';
  return path.slice(path.lastIndexOf('/') + 1).split(',');
}

/**
 * The body limit of each tRPC request: MAX_IMPORT_BODY_BYTES for a call of a procedure that takes a file
 * alone, so every other request keeps the small limit, batched with one or not.
 */
export function bodyLimitFor(config: Pick<ServerEnv, 'MAX_BODY_BYTES' | 'MAX_IMPORT_BODY_BYTES'>) {
  return (url: string): number => {
    const procedures = proceduresOf(url);
    const takesFile = procedures.every((procedure) => FILE_PROCEDURES.has(decodeURIComponent(procedure)));
    return takesFile ? Math.max(config.MAX_IMPORT_BODY_BYTES, config.MAX_BODY_BYTES) : config.MAX_BODY_BYTES;
  };
}

/** A failure the person can act on; routers turn it into the matching tRPC error. */
export class AppError extends Error {
  constructor(
    readonly code: 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'TOO_MANY_REQUESTS',
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function notFound(what: string, id: string): AppError {
  return new AppError('NOT_FOUND', `No ${what} with id "${id}". It may have been deleted; refresh and try again.`);
}

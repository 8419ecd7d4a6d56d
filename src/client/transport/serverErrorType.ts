// The one error type of every server call (serverError.ts words each failure into it).
export type ServerErrorKind = 'unauthorized' | 'unreachable' | 'timeout' | 'not-opencode' | 'http';

export class ServerError extends Error {
  constructor(
    readonly kind: ServerErrorKind,
    message: string,
    readonly status?: number,
    /** The server has no such route (a 404 with no error of its own): an older or newer server, not a missing item. */
    readonly noRoute = false,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

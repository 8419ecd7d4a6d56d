// What change commands act on: a changed file row, or the session of a Changes row, a session row or the
// active session. Structural, so neither the tree nor a test needs the other's types.
import type { ServerConnection } from '../../client/serverConnection';

export interface ChangedFileRef {
  kind: 'changedFile';
  connection: ServerConnection;
  sessionId: string;
  path: string;
}

export function changedFileRef(value: unknown): ChangedFileRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = value as Partial<ChangedFileRef>;
  return ref.kind === 'changedFile' && ref.connection && typeof ref.sessionId === 'string' && typeof ref.path === 'string' ? (ref as ChangedFileRef) : undefined;
}

// `POST /session/{id}/summarize` answers true even when compaction failed, so the outcome comes from the
// live store: a `session.compacted` (counted in `compactions`) or a `session.error` (`lastError`).
import type { Event } from '../../../base/emitter';
import type { ServerConnection } from '../../../client/serverConnection';

export type CompactionOutcome = { kind: 'compacted' } | { kind: 'error'; message: string } | { kind: 'cancelled' } | { kind: 'gone' };

/** A server's store changes, as the app's sessions model batches them. */
export type ChangesOf = (connection: ServerConnection) => Event<unknown>;

export interface CompactionWaiter {
  readonly outcome: Promise<CompactionOutcome>;
  dispose(): void;
}

/** Start before sending the request: the events may arrive before its answer. */
export function waitForCompaction(
  connection: ServerConnection,
  sessionId: string,
  signal: AbortSignal,
  changesOf: ChangesOf,
): CompactionWaiter {
  const before = connection.sessions.get(sessionId);
  const compactions = before?.compactions ?? 0;
  const previousError = before?.lastError;
  let finish!: (outcome: CompactionOutcome) => void;
  const outcome = new Promise<CompactionOutcome>((resolve) => (finish = resolve));
  const check = () => {
    const record = connection.sessions.get(sessionId);
    if (!record) return finish({ kind: 'gone' });
    if (record.compactions > compactions) return finish({ kind: 'compacted' });
    // A new error object, not the one the session already had (a busy turn clears the old one).
    if (record.lastError && record.lastError !== previousError) return finish({ kind: 'error', message: record.lastError.message });
  };
  const onAbort = () => finish({ kind: 'cancelled' });
  const subscription = changesOf(connection)(check);
  signal.addEventListener('abort', onAbort);
  if (signal.aborted) onAbort();
  const dispose = () => {
    subscription.dispose();
    signal.removeEventListener('abort', onAbort);
  };
  void outcome.then(dispose);
  return { outcome, dispose };
}

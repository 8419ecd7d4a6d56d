// Requests waiting in a session and every descendant, each once, counted the plain way: what the store's records
// say, for the tests to check them against (the sessions view counts them memoized, app/sessions/sessionMarks.ts).
import { requestCount } from '../../../src/store/sessionRecord';
import type { SessionReader } from '../../../src/store/sessionReader';

export function waitingIn(store: SessionReader, id: string): number {
  const record = store.get(id);
  return [...(record ? [record] : []), ...store.descendantsOf(id)].reduce((n, r) => n + requestCount(r), 0);
}

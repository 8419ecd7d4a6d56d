// The one way a test waits: for a state it can name, never for a fixed time. It polls a probe until the
// value is accepted, within a generous functional limit (a limit that only catches a wait that will never
// end, not one that decides a result on a busy machine), and on timeout throws with what it saw last.
// Waits still under way are listed (`pendingWaits()`), so a test that fails another way (mocha's own
// timeout, an assertion after a wait) can still print the last-seen state of each.
import { inspect } from 'node:util';

/** Long enough for a loaded 2-core machine; OCS_WAIT_LIMIT_MS changes it (e.g. to find a stuck wait sooner). */
export const WAIT_LIMIT_MS = Number(process.env.OCS_WAIT_LIMIT_MS) || 120_000;

const POLL_MS = 100;

interface Pending {
  what: string;
  since: number;
  last: string;
}

const pending = new Set<Pending>();
/** The last wait that timed out, kept until read: mocha may report a test's failure after its waits ended. */
let lastTimeout: string | undefined;

/** Renders a value for a failure message: short, one line per value, never throwing. */
export function describeValue(value: unknown): string {
  try {
    return inspect(value, { depth: 4, breakLength: 160, maxArrayLength: 20, maxStringLength: 400 });
  } catch {
    return String(value);
  }
}

/**
 * Polls `probe` until `accept` takes its value, and returns that value. Throws after `timeoutMs` (default:
 * the generous WAIT_LIMIT_MS) with `what`, the last value (through `describe`, if given) (or the error the probe last threw).
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = WAIT_LIMIT_MS,
  describe: (value: T) => unknown = (value) => value,
): Promise<T> {
  const started = Date.now();
  const entry: Pending = { what, since: started, last: '(not probed yet)' };
  pending.add(entry);
  try {
    for (;;) {
      try {
        const value = await probe();
        if (accept(value)) return value;
        entry.last = describeValue(describe(value));
      } catch (err) {
        entry.last = `(the probe threw: ${err instanceof Error ? err.message : describeValue(err)})`;
      }
      if (Date.now() - started >= timeoutMs) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    pending.delete(entry);
  }
  const message = `Timed out after ${Math.round((Date.now() - started) / 1000)} s waiting for ${what}; last seen: ${entry.last}`;
  lastTimeout = message;
  throw new Error(message);
}

/** The waits under way now, with the last value each saw: for a failure report. */
export function pendingWaits(): string[] {
  const now = Date.now();
  return [...pending].map((p) => `waiting ${Math.round((now - p.since) / 1000)} s for ${p.what}; last seen: ${p.last}`);
}

/** The last timeout's message, once (cleared by reading). */
export function takeLastTimeout(): string | undefined {
  const message = lastTimeout;
  lastTimeout = undefined;
  return message;
}

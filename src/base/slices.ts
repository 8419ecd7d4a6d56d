// Long work in slices: a step function yields now and then, and the runner gives the event loop back whenever a
// slice has run a few milliseconds, so a big file or a long session never holds the extension host (every extension
// in it). The global `performance` and `setImmediate` (Node's), so the store and the plugin can use it.

/** Work that yields (with nothing) between steps and returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** A slice gives the loop back after this long. */
const SLICE_MS = 8;

/** Runs every step now, in one go: for small inputs and tests. */
export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs the steps in slices of a few ms; undefined once `budgetMs` of work is spent without an answer. */
export async function runSliced<T>(steps: Steps<T>, budgetMs = Infinity): Promise<T | undefined> {
  let used = 0;
  let start = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    const now = performance.now();
    if (now - start < SLICE_MS) continue;
    used += now - start;
    if (used > budgetMs) return undefined;
    await new Promise<void>((resolve) => setImmediate(resolve));
    start = performance.now();
  }
}

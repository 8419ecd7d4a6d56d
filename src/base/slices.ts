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

/** Moves between two yields of `sortSteps` (a few ms of comparisons). */
const SORT_SLICE = 4096;

/**
 * Sorts `items` in place, stably, yielding every few thousand moves: a bottom-up merge sort, O(n log n), so a sort of
 * 50 000 items (a long session's steps) gives the loop back as often as the rest of a sliced build. Items already in
 * order (the usual case: a store keeps messages as they came) cost one pass.
 */
export function* sortSteps<T>(items: T[], compare: (a: T, b: T) => number): Steps<T[]> {
  let sorted = true;
  for (let i = 1; i < items.length && sorted; i++) sorted = compare(items[i - 1], items[i]) <= 0;
  if (sorted) return items;
  let from = items.slice();
  let to = new Array<T>(items.length);
  let moves = 0;
  for (let width = 1; width < items.length; width *= 2) {
    for (let lo = 0; lo < items.length; lo += 2 * width) {
      const mid = Math.min(lo + width, items.length);
      const hi = Math.min(lo + 2 * width, items.length);
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) {
        to[k] = i < mid && (j >= hi || compare(from[i], from[j]) <= 0) ? from[i++] : from[j++];
        if (++moves % SORT_SLICE === 0) yield;
      }
    }
    [from, to] = [to, from];
  }
  for (let k = 0; k < items.length; k++) items[k] = from[k];
  return items;
}

// A sort that yields: Steps (base/slices.ts) for ordering long lists. Apart from slices.ts, which uses Node's
// setImmediate, so that code the webview's program also reads (the store's steps) can sort in slices.

/** Moves between two yields of `sortSteps` (a few ms of comparisons). */
const SORT_SLICE = 4096;

/**
 * Sorts `items` in place, stably, yielding every few thousand moves: a bottom-up merge sort, O(n log n), so a sort of
 * 50 000 items (a long session's steps) gives the loop back as often as the rest of a sliced build. Items already in
 * order (the usual case: a store keeps messages as they came) cost one pass.
 */
export function* sortSteps<T>(items: T[], compare: (a: T, b: T) => number): Generator<void, T[], void> {
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

// A sort that yields: Steps (base/slices.ts) for ordering long lists. Apart from slices.ts, which uses Node's
// setImmediate, so that code the webview's program also reads (the store's steps) can sort in slices.

/** Moves between two yields of `sortSteps` (a few ms of comparisons). */
const SORT_SLICE = 4096;

/**
 * Sorts `items` in place, stably, yielding every few thousand moves: a merge sort of the runs already in order
 * (pages read newest first leave a session's messages in runs of a page), merged pairwise, so it costs
 * O(n log(runs)) and gives the loop back as often as the rest of a sliced build. Items already in order (a store fed
 * by a session's events keeps its messages as they came) cost one pass.
 */
export function* sortSteps<T>(items: T[], compare: (a: T, b: T) => number): Generator<void, T[], void> {
  // Where each run in order starts, and the end (one pass of comparisons: a few ms for 200 000).
  let starts = [0];
  for (let i = 1; i < items.length; i++) if (compare(items[i - 1], items[i]) > 0) starts.push(i);
  if (starts.length === 1) return items;
  starts.push(items.length);
  let from = items.slice();
  yield;
  let to = new Array<T>(items.length);
  yield;
  let moves = 0;
  while (starts.length > 2) {
    const merged = [0];
    for (let r = 0; r + 1 < starts.length; r += 2) {
      const lo = starts[r];
      const mid = starts[r + 1];
      const hi = r + 2 < starts.length ? starts[r + 2] : mid;
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) {
        to[k] = i < mid && (j >= hi || compare(from[i], from[j]) <= 0) ? from[i++] : from[j++];
        if (++moves % SORT_SLICE === 0) yield;
      }
      merged.push(hi);
    }
    starts = merged;
    [from, to] = [to, from];
  }
  for (let k = 0; k < items.length; k++) items[k] = from[k];
  return items;
}

// How many lines were added and removed between two texts, as git counts them (a shortest edit script), without
// building the diff: lines only one side has are counted at once, and Myers' algorithm measures only the length
// of the shortest edit between the rest. It yields as it goes (run in slices) and gives up past `maxEdits`.
import type { Steps } from '../../base/slices';

export interface LineCounts {
  additions: number;
  deletions: number;
}

/** How often (in loop turns) the work offers to yield. */
const EVERY = 2048;

export function* countLineChanges(a: readonly string[], b: readonly string[], maxEdits: number): Steps<LineCounts | undefined> {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  // A line the other side lacks is in no common subsequence: added or removed for sure, and out of the search.
  const ids = new Map<string, number>();
  const seenIn = { a: new Set<number>(), b: new Set<number>() };
  function* idsOf(lines: readonly string[], from: number, to: number, seen: Set<number>): Steps<Int32Array> {
    const out = new Int32Array(to - from);
    for (let i = from; i < to; i++) {
      let id = ids.get(lines[i]);
      if (id === undefined) ids.set(lines[i], (id = ids.size));
      seen.add(id);
      out[i - from] = id;
      if (i % EVERY === 0) yield;
    }
    return out;
  }
  const rawA = yield* idsOf(a, start, endA, seenIn.a);
  const rawB = yield* idsOf(b, start, endB, seenIn.b);
  const A = rawA.filter((id) => seenIn.b.has(id));
  const B = rawB.filter((id) => seenIn.a.has(id));
  const onlyA = rawA.length - A.length;
  const onlyB = rawB.length - B.length;
  yield;
  const edits = yield* shortestEdit(A, B, maxEdits);
  if (edits === undefined) return undefined;
  // edits = |A| + |B| − 2·LCS; the added lines are those of B not in it, the removed ones those of A.
  return { additions: onlyB + (edits + B.length - A.length) / 2, deletions: onlyA + (edits - B.length + A.length) / 2 };
}

/** The length of the shortest edit script from A to B (Myers 1986, forward greedy), or undefined past `max`. */
function* shortestEdit(A: Int32Array, B: Int32Array, max: number): Steps<number | undefined> {
  const n = A.length;
  const m = B.length;
  const limit = Math.min(n + m, max);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  let work = 0;
  for (let d = 0; d <= limit; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return d;
      if (++work % EVERY === 0) yield;
    }
  }
  return undefined;
}

// Which lane a lane was made from: the page merges a live post (a lane's bars from `barsFrom` on) into the lane it
// had, and says so here, so what is derived from a lane (its sorted edges, its spend over time) is made from the old
// lane's by taking out what its changed bars gave and putting in what the new ones give: linear in the lane, with
// no sort of it, where a live step of a parent of 50 000 steps sorted 100 000 edges again.

interface Lineage {
  /** Weakly: a strong one would keep every earlier version of a live lane, each with its bars. */
  old: WeakRef<object>;
  /** The first bar that may differ. */
  from: number;
}

const madeFrom = new WeakMap<object, Lineage>();

/** `lane` is `old` with its bars from `from` on replaced (its other fields may differ too). */
export function laneFollows(lane: object, old: object, from: number): void {
  madeFrom.set(lane, { old: new WeakRef(old), from });
}

/**
 * What `lane` was made from, if the page said so and it is still held (it is within the task that made `lane`: a
 * WeakRef's target lives at least to the end of the job that made it; later it may be gone, and all is made whole).
 */
export function lineageOf<L extends object>(lane: L): { old: L; from: number } | undefined {
  const lineage = madeFrom.get(lane);
  const old = lineage?.old.deref();
  return old && { old: old as L, from: lineage!.from };
}

/**
 * `sorted` (ascending) with the values of `out` taken out (one each) and those of `into` put in (both unsorted, and
 * mostly few). One pass; undefined if some value of `out` is not in `sorted` (then derive it whole).
 */
export function replaceSorted(sorted: Float64Array, out: number[], into: number[]): Float64Array | undefined {
  out.sort((a, b) => a - b);
  into.sort((a, b) => a - b);
  const result = new Float64Array(sorted.length - out.length + into.length);
  let i = 0;
  let o = 0;
  let n = 0;
  let k = 0;
  while (i < sorted.length || n < into.length) {
    if (i < sorted.length && o < out.length && sorted[i] === out[o]) {
      i++;
      o++;
    } else if (n < into.length && (i >= sorted.length || into[n] <= sorted[i])) result[k++] = into[n++];
    else result[k++] = sorted[i++];
  }
  // (A write past a typed array's end is dropped: a count that does not add up is caught here.)
  return o === out.length && k === result.length ? result : undefined;
}

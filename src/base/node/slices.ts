// Reads of long server lists in slices: a loop gives the event loop a turn once it has run a few milliseconds, so a
// long answer never holds the extension host (which every extension shares). The loop asks `due` between items (a
// clock read, no await) and awaits `yield()` only when the slice is spent. V2's readers and its route table use it
// (V1's use slicer.ts, which reads the clock every 64 calls), and the search indexer's workers. Node's clock and
// setImmediate: in base/node, beside the process claims.
import { performance } from 'node:perf_hooks';

/** A slice gives the loop back after this long. */
const SLICE_MS = 8;

export class Slices {
  private start = performance.now();
  /** The turn under way: loops that share these slices (the settler's reads) wait for one turn, not one each. */
  private turn?: Promise<void>;

  /** This slice has run its time. */
  get due(): boolean {
    return performance.now() - this.start >= SLICE_MS;
  }

  /**
   * A turn of the event loop (timers and I/O run), then a fresh slice. Shared: a turn each would run one after the
   * other in the same phase of the loop (each with a slice of its own), holding it for a slice per loop.
   */
  yield(): Promise<void> {
    this.turn ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.turn = undefined;
      this.start = performance.now();
    });
    return this.turn;
  }
}

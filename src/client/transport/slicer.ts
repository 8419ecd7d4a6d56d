// A turn of the event loop every few milliseconds for loops over what a server sent: a page or an answer may hold
// any number of entries, and the extension host is one thread that every extension shares.

/** Work between turns of the event loop. */
const SLICE_MS = 8;

export class Slicer {
  private start = performance.now();
  private count = 0;

  /** Resolves at once, or after a turn of the event loop once SLICE_MS have passed (the clock is read every 64 calls). */
  async turn(): Promise<void> {
    if ((++this.count & 63) !== 0 || performance.now() - this.start < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.start = performance.now();
  }
}

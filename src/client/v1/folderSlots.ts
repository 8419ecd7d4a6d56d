// A 1.x server answers statuses and pending requests per project folder, and a listing may name any number of
// folders: they are read a few at a time, as OpenCode 2's lists are (v2/pending.ts), not all at once (a listing of
// sessions in 100 000 folders sent 100 000 requests together, a socket and a descriptor each, in the host every
// extension shares).

/** Folders read at once (each is one to three requests). */
export const FOLDERS_AT_ONCE = 4;

/** Runs the work it is given at most `size` at a time, in the order given. */
export class Slots {
  private running = 0;
  /** Work waiting for a slot, oldest at `next` (no shift(): a long queue would be moved once per start). */
  private waiting: Array<() => void> = [];
  private next = 0;

  constructor(private readonly size = FOLDERS_AT_ONCE) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.size) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot goes to the oldest waiting, or is given back.
      if (this.next < this.waiting.length) this.waiting[this.next++]();
      else {
        this.running--;
        this.waiting = [];
        this.next = 0;
      }
    }
  }
}

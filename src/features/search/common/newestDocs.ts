// The newest k of many documents, without sorting them all: a query's candidates can number 20 000, of which it
// reads the texts of a few dozen. A min-heap of k (the least wanted on top) sees each candidate once. Among equal
// times the one offered first wins, as a stable sort would keep the index's own order.

export class NewestDocs {
  private readonly docs: Int32Array;
  private readonly times: Float64Array;
  /** The order offered in. */
  private readonly order: Int32Array;
  private size = 0;
  private offered = 0;

  constructor(private readonly k: number) {
    this.docs = new Int32Array(k);
    this.times = new Float64Array(k);
    this.order = new Int32Array(k);
  }

  offer(doc: number, time: number): void {
    const order = this.offered++;
    if (this.size < this.k) {
      this.place(this.size++, doc, time, order);
      this.up(this.size - 1);
    } else if (this.k > 0 && time > this.times[0]) {
      this.place(0, doc, time, order);
      this.down(0);
    }
  }

  /** The documents kept, newest first. */
  newestFirst(): number[] {
    const slots = Array.from({ length: this.size }, (_, i) => i).sort((a, b) => (this.before(a, b) ? 1 : -1));
    return slots.map((i) => this.docs[i]);
  }

  /** Whether slot i is less wanted than slot j: older, or as old and offered later. */
  private before(i: number, j: number): boolean {
    return this.times[i] < this.times[j] || (this.times[i] === this.times[j] && this.order[i] > this.order[j]);
  }

  private place(i: number, doc: number, time: number, order: number): void {
    this.docs[i] = doc;
    this.times[i] = time;
    this.order[i] = order;
  }

  private swap(i: number, j: number): void {
    const doc = this.docs[i];
    const time = this.times[i];
    const order = this.order[i];
    this.place(i, this.docs[j], this.times[j], this.order[j]);
    this.place(j, doc, time, order);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < this.size && this.before(left, least)) least = left;
      if (right < this.size && this.before(right, least)) least = right;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }
}

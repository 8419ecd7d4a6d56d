// The newest k of many documents, without sorting them all: a query's candidates can number 20 000, of which it
// reads the texts of a few dozen. A min-heap of k (the oldest kept on top) sees each candidate once.

export class NewestDocs {
  private readonly docs: Int32Array;
  private readonly times: Float64Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.docs = new Int32Array(k);
    this.times = new Float64Array(k);
  }

  offer(doc: number, time: number): void {
    if (this.size < this.k) {
      this.place(this.size++, doc, time);
      this.up(this.size - 1);
    } else if (this.k > 0 && time > this.times[0]) {
      this.place(0, doc, time);
      this.down(0);
    }
  }

  /** The documents kept, newest first (equal times: in no particular order). */
  newestFirst(): number[] {
    const order = Array.from({ length: this.size }, (_, i) => i).sort((a, b) => this.times[b] - this.times[a]);
    return order.map((i) => this.docs[i]);
  }

  private place(i: number, doc: number, time: number): void {
    this.docs[i] = doc;
    this.times[i] = time;
  }

  private swap(i: number, j: number): void {
    const doc = this.docs[i];
    const time = this.times[i];
    this.place(i, this.docs[j], this.times[j]);
    this.place(j, doc, time);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.times[parent] <= this.times[i]) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < this.size && this.times[left] < this.times[least]) least = left;
      if (right < this.size && this.times[right] < this.times[least]) least = right;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }
}

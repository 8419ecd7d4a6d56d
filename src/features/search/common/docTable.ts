// The content index's documents as a table of typed arrays, not an object each (hundreds of thousands of them):
// the slot of the session each belongs to (-1 once dropped), its first entry and how many, the kinds of entry it
// holds, and its newest message's time.
export class DocTable {
  session = new Int32Array(1024);
  first = new Int32Array(1024);
  count = new Uint16Array(1024);
  kinds = new Uint8Array(1024);
  time = new Float64Array(1024);
  /** Documents added: the next one's number. */
  size = 0;

  /** A table of `size` documents, each dropped until `set` (a restored index sets the live ones). */
  static ofDropped(size: number): DocTable {
    const table = new DocTable();
    table.reserve(size);
    table.session.fill(-1);
    table.size = size;
    return table;
  }

  /** Adds a document; returns its number. */
  add(slot: number, first: number, count: number, kinds: number, time: number): number {
    const doc = this.size++;
    this.reserve(this.size);
    this.set(doc, slot, first, count, kinds, time);
    return doc;
  }

  set(doc: number, slot: number, first: number, count: number, kinds: number, time: number): void {
    this.session[doc] = slot;
    this.first[doc] = first;
    this.count[doc] = Math.min(count, 0xffff);
    this.kinds[doc] = kinds;
    this.time[doc] = time;
  }

  /** The document as a snapshot keeps it: [doc, first entry, entries, kinds, time]. */
  row(doc: number): [number, number, number, number, number] {
    return [doc, this.first[doc], this.count[doc], this.kinds[doc], this.time[doc]];
  }

  /** Room for `documents`, doubling. */
  private reserve(documents: number): void {
    let size = this.session.length;
    if (documents <= size) return;
    while (size < documents) size *= 2;
    const grown = <T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(from: T, make: (n: number) => T): T => {
      const to = make(size);
      to.set(from);
      return to;
    };
    this.session = grown(this.session, (n) => new Int32Array(n));
    this.first = grown(this.first, (n) => new Int32Array(n));
    this.count = grown(this.count, (n) => new Uint16Array(n));
    this.kinds = grown(this.kinds, (n) => new Uint8Array(n));
    this.time = grown(this.time, (n) => new Float64Array(n));
  }
}

// A map that keeps at most a number of bytes (as each value is estimated when stored), dropping the least
// recently used values first.
export class ByteLru<K, V> {
  private readonly values = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(private readonly capBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.values.size;
  }

  /** The value, now the most recently used. */
  get(key: K): V | undefined {
    const hit = this.values.get(key);
    if (!hit) return undefined;
    this.values.delete(key);
    this.values.set(key, hit);
    return hit.value;
  }

  set(key: K, value: V, bytes: number): void {
    this.delete(key);
    this.values.set(key, { value, bytes });
    this.total += bytes;
    // Map iterates in insertion order: the first entries are the least recently used.
    for (const [oldest, { bytes: size }] of this.values) {
      if (this.total <= this.capBytes || oldest === key) break;
      this.values.delete(oldest);
      this.total -= size;
    }
  }

  delete(key: K): void {
    const hit = this.values.get(key);
    if (!hit) return;
    this.values.delete(key);
    this.total -= hit.bytes;
  }
}

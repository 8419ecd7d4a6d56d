// The content index's words by their beginnings, so that a word being typed (`addr`) reaches the words it begins
// (`address`). FlexSearch's own `tokenize: 'forward'` would index every beginning of every word, several times the
// memory; here each term FlexSearch holds is filed once under its first characters (terms.ts#beginningKey), as the
// very string that is FlexSearch's key: a term costs one slot of an array.
//
// It follows FlexSearch's map of words as the map grows and is never saved: a Map iterates in insertion order and an
// iterator never run to its end goes on to the keys added after it was made, so `catchUp` takes in exactly the terms
// added since, whether by documents or by a saved index's lines being loaded. Nothing is removed from that map (the
// index never removes from FlexSearch; a compaction builds a new map, and with it a new Vocabulary), so a dropped
// session's terms stay until a compaction: they expand to documents that are marked dead and skipped, which is
// harmless.
import { beginningKey } from './terms';

/** A word's documents in FlexSearch, by resolution slot. */
export type Slots = Array<number[] | null | undefined>;

/** Terms looked at between two checks of the clock. */
const CHECK_EVERY = 512;
/**
 * Terms a beginning begins that are weighed by their documents, the first filed (the earliest words the index met,
 * which the common ones are among): weighing asks FlexSearch's map for each, the dearest step of all.
 */
export const WEIGHED = 1_024;

export class Vocabulary {
  private readonly buckets = new Map<string, string[]>();
  private readonly keys: Iterator<unknown>;
  private seen = 0;

  constructor(private readonly map: Map<unknown, Slots>) {
    this.keys = map.keys();
  }

  /** Terms filed. */
  get size(): number {
    return this.seen;
  }

  /** Files the terms FlexSearch took in since the last call: linear in them. */
  catchUp(): void {
    while (this.seen < this.map.size) {
      // Never asked past the map's last key: an iterator that once says done stays done.
      const next = this.keys.next();
      if (next.done) return;
      this.seen++;
      if (typeof next.value !== 'string') continue;
      const key = beginningKey(next.value);
      if (key === undefined) continue;
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(next.value);
      else this.buckets.set(key, [next.value]);
    }
  }

  /**
   * Up to `max` terms that `prefix` begins, other than itself: of the first WEIGHED of them, those in most documents
   * (dead ones counted too: they are not known apart here). Reads one bucket, the terms sharing the prefix's first
   * characters, up to the WEIGHED-th that the prefix begins; a bucket made large on purpose (thousands of words of
   * one beginning) is read a slice of time at a time.
   */
  async expand(prefix: string, max: number, yieldTo: () => Promise<void>, sliceMs: number): Promise<string[]> {
    this.catchUp();
    const key = beginningKey(prefix);
    const bucket = key === undefined ? undefined : this.buckets.get(key);
    if (!bucket || max <= 0) return [];
    // The best so far, most documents first: a term enters only if it beats the last, so each costs at most `max`.
    const best: Array<{ term: string; docs: number }> = [];
    let since = performance.now();
    // The bucket as it is now: terms filed while this one waits are left to the next query.
    const length = bucket.length;
    // A prefix as long as the bucket's key begins every term of it.
    const all = prefix.length === key!.length;
    let weighed = 0;
    for (let i = 0; i < length && weighed < WEIGHED; i++) {
      const term = bucket[i];
      if (term.length > prefix.length && (all || term.startsWith(prefix))) {
        weighed++;
        const docs = documentsOf(this.map.get(term));
        if (best.length < max || docs > best[best.length - 1].docs) {
          let at = best.length;
          while (at > 0 && best[at - 1].docs < docs) at--;
          best.splice(at, 0, { term, docs });
          if (best.length > max) best.pop();
        }
      }
      if (i % CHECK_EVERY === CHECK_EVERY - 1 && performance.now() - since > sliceMs) {
        await yieldTo();
        since = performance.now();
      }
    }
    return best.map((b) => b.term);
  }
}

function documentsOf(slots: Slots | undefined): number {
  let count = 0;
  if (slots) for (const slot of slots) count += slot?.length ?? 0;
  return count;
}

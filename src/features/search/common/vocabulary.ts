// The content index's words by their beginnings, so that a word being typed (`addr`) reaches the words it begins
// (`address`). FlexSearch's own `tokenize: 'forward'` would index every beginning of every word, several times the
// memory; here each term FlexSearch holds is filed once under its first characters (terms.ts#beginningKey), as the
// very string that is FlexSearch's key: a term costs one slot of an array.
//
// It follows FlexSearch's map of words as the map grows and is never saved: a Map iterates in insertion order and an
// iterator never run to its end goes on to the keys added after it was made, so `catchUp` takes in exactly the terms
// added since, whether by documents or by a saved index's lines being loaded. Nothing is removed from that map (the
// index never removes from FlexSearch; a compaction builds a new map, and with it a new Vocabulary), so a dropped
// session's terms stay until a compaction: a term is weighed by its live documents only, and one with none is left
// out, so what a dropped session said crowds out nothing.
import { beginningKey } from './terms';

/** A word's documents in FlexSearch, by resolution slot. */
export type Slots = Array<number[] | null | undefined>;

/** Terms and document ids looked at between two checks of the clock. */
const CHECK_EVERY = 1_024;

/** Document ids of a term counted in one go; a longer list is counted a slice of time at a time. */
const LONG_LIST = 1_024;

/** The session a document is of (its slot), or -1 once dropped. */
export type SessionOf = (doc: number) => number;

interface Weighed {
  term: string;
  /** Its live documents. */
  docs: number;
  /** Its newest live document: among terms in as many documents, the newer is worth more. */
  newest: number;
  /** The session of its newest live document. */
  session: number;
}

export class Vocabulary {
  private readonly buckets = new Map<string, string[]>();
  private readonly keys: Iterator<unknown>;
  private seen = 0;
  private readonly scratch: Weighed = { term: '', docs: 0, newest: -1, session: -1 };

  constructor(
    private readonly map: Map<unknown, Slots>,
    private readonly sessionOf: SessionOf = () => 0,
  ) {
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
   * Up to `max` terms that `prefix` begins, other than itself: those in most live documents, then those said most
   * recently, a term in one document only if no term kept finds its session already (so that many words said once
   * each in one session do not hide a word said in another). Every term the
   * prefix begins is weighed, a slice of time at a time: one bucket is read (the terms sharing the prefix's first
   * characters), and a term's documents are counted only when their number could place it among the best.
   */
  async expand(prefix: string, max: number, yieldTo: () => Promise<void>, sliceMs: number): Promise<string[]> {
    this.catchUp();
    const key = beginningKey(prefix);
    const bucket = key === undefined ? undefined : this.buckets.get(key);
    if (!bucket || max <= 0) return [];
    // The best so far, best first: a term enters only if it beats the last, so each costs at most `max` to place.
    const best: Weighed[] = [];
    const clock = { since: performance.now() };
    const pause = async () => {
      if (performance.now() - clock.since <= sliceMs) return;
      await yieldTo();
      clock.since = performance.now();
    };
    // The bucket as it is now: terms filed while this one waits are left to the next query.
    const length = bucket.length;
    // A prefix as long as the bucket's key begins every term of it.
    const all = prefix.length === key!.length;
    // Terms and document ids looked at since the clock was last read.
    let work = 0;
    for (let i = 0; i < length; i++) {
      const term = bucket[i];
      if (term.length > prefix.length && (all || term.startsWith(prefix))) {
        const slots = this.map.get(term);
        const last = best.length < max ? undefined : best[best.length - 1];
        // Live documents are at most all of them: one in fewer than the last kept cannot enter.
        const count = slots ? documentsOf(slots) : 0;
        if (slots && count > 0 && (!last || count >= last.docs)) {
          work += count;
          const weighed = count < LONG_LIST ? this.weighNow(term, slots) : await this.weigh(term, slots, pause);
          if (weighed.docs > 0 && (!last || better(weighed, last)) && !coveredBy(best, weighed)) {
            let at = best.length;
            while (at > 0 && better(weighed, best[at - 1])) at--;
            best.splice(at, 0, { ...weighed });
            if (best.length > max) best.pop();
          }
        }
      }
      if (++work >= CHECK_EVERY) {
        work = 0;
        await pause();
      }
    }
    return best.map((b) => b.term);
  }

  /** A term's live documents and its newest, in one go (into one object, kept only by a copy): for a short list. */
  private weighNow(term: string, slots: Slots): Weighed {
    let docs = 0;
    let newest = -1;
    for (const slot of slots) {
      if (slot)
        for (const doc of slot)
          if (this.sessionOf(doc) >= 0) {
            docs++;
            if (doc > newest) newest = doc;
          }
    }
    const scratch = this.scratch;
    scratch.term = term;
    scratch.docs = docs;
    scratch.newest = newest;
    scratch.session = newest < 0 ? -1 : this.sessionOf(newest);
    return scratch;
  }

  /** A term's live documents and its newest: linear in its documents, pausing in a long list. */
  private async weigh(term: string, slots: Slots, pause: () => Promise<void>): Promise<Weighed> {
    let docs = 0;
    let newest = -1;
    let looked = 0;
    for (const slot of slots) {
      if (!slot) continue;
      // Its length now: documents added while this waits are left to the next query.
      const length = slot.length;
      for (let i = 0; i < length; i++) {
        const doc = slot[i];
        if (this.sessionOf(doc) >= 0) {
          docs++;
          if (doc > newest) newest = doc;
        }
        if (++looked % LONG_LIST === 0) await pause();
      }
    }
    // Its newest may have been dropped while this waited: then it counts as of no session.
    return { term, docs, newest, session: newest < 0 ? -1 : this.sessionOf(newest) };
  }
}

/**
 * Whether a term in one document would only find a session that a kept term finds already (a query shows a session
 * once): thousands of words said once each in one session (junk, a listing) then take one place among the best, not
 * all of them, and a word said in another session keeps its place, whichever was said first.
 */
function coveredBy(best: readonly Weighed[], weighed: Weighed): boolean {
  return weighed.docs === 1 && best.some((kept) => kept.session === weighed.session);
}

/** Whether `a` ranks before `b`: in more live documents, or as many and said more recently. */
function better(a: Weighed, b: Weighed): boolean {
  return a.docs > b.docs || (a.docs === b.docs && a.newest > b.newest);
}

function documentsOf(slots: Slots): number {
  let count = 0;
  for (const slot of slots) count += slot?.length ?? 0;
  return count;
}

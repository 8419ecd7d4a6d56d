// The texts a query reads to score its documents and cut their snippets (contentIndex.ts): profiled at 200 000
// parts, reading them one after another and lower-casing them took nearly all of a query's time, its index lookup
// under 1 %.
import type { Entry } from './entries';

/** Documents whose texts are being read while one is scored. */
const READ_AHEAD = 8;
/** Lower-cased texts kept, in characters. */
const LOWERED_CHARS = 8 * 1024 * 1024;

/**
 * The texts of a query's documents, read READ_AHEAD ahead of the one scored: a store whose reads wait (off the
 * thread) reads while the one before is scored. The disk store now reads on the thread (diskTexts.ts), where this
 * only starts its reads a few documents early.
 * Never past the documents the query may still score: a query that has its results reads nothing more (reading 8
 * ahead regardless, the slowest 5 % read about 8 documents of some 58 for nothing, most of them cold).
 */
export class ReadAhead {
  private readonly reads: Array<Promise<Entry[]> | undefined> = [];
  private started = 0;

  constructor(
    private readonly docs: readonly number[],
    private readonly read: (doc: number) => Promise<Entry[]> | undefined,
  ) {}

  /**
   * Document i's read (started now if it was not), and the next READ_AHEAD started, of the `wanted` documents from
   * i on that the query is sure to score (each gives at most one more result: `limit` less the results it has).
   */
  take(i: number, wanted: number): Promise<Entry[]> | undefined {
    for (; this.started < Math.min(this.docs.length, i + Math.max(1, Math.min(1 + READ_AHEAD, wanted))); this.started++) {
      const read = this.read(this.docs[this.started]);
      // A read left unawaited (the query had its results) must not fail as unhandled.
      read?.catch(() => undefined);
      this.reads.push(read);
    }
    const read = this.reads[i];
    this.reads[i] = undefined;
    return read;
  }
}

/**
 * The lower-cased texts of the documents queries read lately, by document, the least recently read dropped past
 * LOWERED_CHARS: the newest documents answer most queries, and each keystroke of a word asks again. A document's
 * entries never change; they are known to be the ones lowered by being the same objects (a text store that read
 * them again from disk gives new ones, lowered again).
 */
export class LoweredTexts {
  private readonly docs = new Map<number, { entries: readonly Entry[]; lowered: string[]; chars: number }>();
  private chars = 0;

  constructor(private readonly maxChars = LOWERED_CHARS) {}

  of(doc: number, entries: readonly Entry[]): string[] {
    const known = this.docs.get(doc);
    if (known) {
      this.docs.delete(doc);
      if (sameEntries(known.entries, entries)) {
        this.docs.set(doc, known);
        return known.lowered;
      }
      this.chars -= known.chars;
    }
    let chars = 0;
    const lowered = entries.map((entry) => {
      chars += entry.text.length;
      return entry.text.toLowerCase();
    });
    this.docs.set(doc, { entries, lowered, chars });
    this.chars += chars;
    for (const [oldest, { chars: held }] of this.docs) {
      if (this.chars <= this.maxChars) break;
      this.docs.delete(oldest);
      this.chars -= held;
    }
    return lowered;
  }
}

function sameEntries(a: readonly Entry[], b: readonly Entry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

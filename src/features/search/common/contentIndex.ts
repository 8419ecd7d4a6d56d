// One server's content index, as a query asks it: the newest documents holding the query's words (FlexSearch's
// lists, indexDocuments.ts), their texts read from the TextStore only for the results a query shows, each scored.
// A query's last word also matches the words it begins, through the index's words filed by their beginnings
// (vocabulary.ts). It stands on its documents (indexDocuments.ts) and its saved lines (savedIndex.ts).
//
// FlexSearch over MiniSearch, measured on 200 000 parts of source and prose (80 MB): MiniSearch held 4.5× the
// text in memory and answered in 634 ms at p95; FlexSearch (resolution 1, no fast update) 1.0× and 25 ms.
import type { Entry } from './entries';
import { DocTable } from './docTable';
import { internals, type IndexedSession } from './indexDocuments';
import { NewestDocs } from './newestDocs';
import { LoweredTexts, ReadAhead } from './queryTexts';
import { IndexLoader, SavedIndex } from './savedIndex';
import { endsTerm, expandable, inLongWord, queryTerms, startsTerm } from './terms';
import type { TextStore } from './textStore';

export type { AddResult, IndexedSession, SessionMeta } from './indexDocuments';

export interface Query {
  text: string;
  /** EntryKind bits a hit must be of (0 or undefined: any). */
  kinds?: number;
  /** Only messages from this time on. */
  since?: number;
  /** Only sessions this accepts (a folder, a server's filter). */
  session?: (session: IndexedSession) => boolean;
  /** Sessions to return at most. */
  limit?: number;
}

export interface Hit {
  session: IndexedSession;
  entry: Entry;
  /** The entry's text around the match, on one line, and where the query's words are in it. */
  snippet: string;
  ranges: Array<[number, number]>;
  time: number;
  score: number;
}

const CANDIDATES = 20_000;
/** Documents whose text is read to find and show the match, per query. */
const CHECKED = 80;
const SNIPPET = 160;
/** A query's reading and scoring gives the thread back after this long. */
const SLICE_MS = 8;
/**
 * A query's last word, as typed so far, matches the words it begins: at most this many of them, those in most
 * documents first (a short beginning may begin thousands; the rarest are left out, and a longer beginning reaches
 * them). Only the last: the words before it were typed to their end (something followed them), and expanding each
 * would multiply the lists a query walks by the words each begins.
 */
export const MAX_EXPANSIONS = 32;
/**
 * Documents read for a query's word beginnings, within CHECKED: a screen of results and more, while a whole word's
 * query that finds a few documents does not read the full CHECKED for the words its last one begins.
 */
const BEGUN_CHECKED = 32;
/** Whole words outrank words' beginnings: more than a phrase, the words present and recency together. */
const WHOLE_WORD = 8;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ContentIndex extends SavedIndex {
  private readonly lowered = new LoweredTexts();

  /**
   * The best matches, at most one per session, best first. The texts of up to CHECKED documents are read to find and
   * show each match, from the text store, scored a slice of time at a time (`yieldTo` between slices).
   */
  async search(query: Query, yieldTo: () => Promise<void> = nextTurn): Promise<Hit[]> {
    const terms = queryTerms(query.text);
    if (!terms.length) return [];
    // First pass on the table alone: the newest documents that the filters accept, those holding the words whole
    // first, then those where the last word is a beginning of others, within CHECKED documents in all.
    const whole = this.newestOf(this.flex.search(terms.join(' '), { limit: CANDIDATES }) as number[], query, CHECKED);
    const docs = whole.newestFirst();
    const last = terms[terms.length - 1];
    if (docs.length < CHECKED && expandable(last)) {
      const taken = new Set(docs);
      const fixed = terms.slice(0, -1);
      const expansions = await this.vocabulary.expand(last, MAX_EXPANSIONS, yieldTo, SLICE_MS);
      const found = await this.holdingAll(fixed, expansions, yieldTo);
      const room = Math.min(BEGUN_CHECKED, CHECKED - docs.length);
      docs.push(...this.newestOf(found, query, room, undefined, taken).newestFirst());
    }
    const table = this.table;
    const phrase = normalized(query.text);
    const best = new Map<IndexedSession, Hit>();
    const limit = query.limit ?? 50;
    let since = performance.now();
    const ahead = new ReadAhead(docs, (doc) => {
      const session = this.slots[table.session[doc]];
      return session && this.texts.readAsync(session.id, table.first[doc], table.count[doc]);
    });
    for (let i = 0; i < docs.length; i++) {
      if (best.size >= limit) break;
      const doc = docs[i];
      const session = this.slots[table.session[doc]];
      const read = ahead.take(i, limit - best.size);
      if (!session || !read) continue;
      const entries = await read;
      // Dropped while its text was read: no answer of it.
      if (table.session[doc] < 0) continue;
      const hit = this.bestEntry(session, doc, entries, terms, phrase, query.kinds, query.since);
      if (hit) {
        const known = best.get(session);
        if (!known || hit.score > known.score) best.set(session, hit);
      }
      if (performance.now() - since > SLICE_MS) {
        await yieldTo();
        since = performance.now();
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score);
  }

  /**
   * Documents that hold one of `anyOf` and every one of `all`, from FlexSearch's own lists: each word of `anyOf`
   * gives its share of CANDIDATES (its newest documents), then one pass over each list of `all` keeps those it holds,
   * a slice of time at a time (a common word's list is as long as the index). One pass for all, where a FlexSearch
   * query per word would walk the common words' lists once per word.
   */
  private async holdingAll(all: readonly string[], anyOf: readonly string[], yieldTo: () => Promise<void>): Promise<number[]> {
    const map = internals(this.flex).map;
    const share = Math.max(1, Math.floor(CANDIDATES / Math.max(1, anyOf.length)));
    let kept = new Set<number>();
    for (const word of anyOf) {
      for (const slot of map.get(word) ?? []) {
        if (!slot) continue;
        for (let i = Math.max(0, slot.length - share); i < slot.length; i++) kept.add(slot[i]);
      }
    }
    let since = performance.now();
    for (const word of all) {
      if (!kept.size) break;
      const held = new Set<number>();
      for (const slot of map.get(word) ?? []) {
        // Its length now: documents added while this waits are not candidates anyway.
        const length = slot?.length ?? 0;
        for (let i = 0; i < length; i++) {
          if (kept.has(slot![i])) held.add(slot![i]);
          if ((i & 4095) === 4095 && performance.now() - since > SLICE_MS) {
            await yieldTo();
            since = performance.now();
          }
        }
      }
      kept = held;
    }
    return [...kept];
  }

  /** The newest of `found` that the query's filters accept (into `into`, or `k` new ones), less those `taken`. */
  private newestOf(found: readonly number[], query: Query, k: number, into = new NewestDocs(k), taken?: Set<number>): NewestDocs {
    const table = this.table;
    for (const doc of found) {
      const slot = table.session[doc];
      if (slot < 0 || taken?.has(doc)) continue;
      const kinds = table.kinds[doc];
      if (query.kinds && !(kinds & query.kinds)) continue;
      const time = table.time[doc];
      if (query.since !== undefined && time < query.since) continue;
      const session = this.slots[slot];
      if (!session || (query.session && !query.session(session))) continue;
      into.offer(doc, time);
    }
    return into;
  }

  /** Reads a document's entries and scores each against the query: the phrase, then how many words, then time. */
  private bestEntry(
    session: IndexedSession,
    doc: number,
    entries: readonly Entry[],
    terms: string[],
    phrase: string,
    kinds: number | undefined,
    since: number | undefined,
  ): Hit | undefined {
    const now = Date.now();
    let best: Hit | undefined;
    const lowered = this.lowered.of(doc, entries);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (kinds && !(entry.kind & kinds)) continue;
      const time = entry.at ?? this.table.time[doc];
      if (since !== undefined && time < since) continue;
      const lower = lowered[i];
      let present = 0;
      for (const term of terms) if (lower.includes(term)) present++;
      if (!present) continue;
      const at = lower.indexOf(phrase);
      const whole = wholeAt(entry.text, lower, terms[terms.length - 1]) ? WHOLE_WORD : 0;
      const score = whole + (at >= 0 ? 4 : 0) + (2 * present) / terms.length + recency(now, time);
      if (best && best.score >= score) continue;
      // Centred on the phrase where its first word matches there as a word, else on the first word that does.
      const centre = at >= 0 && matchesAt(entry.text, lower, at, terms[0], terms.length === 1) ? at : firstOf(entry.text, lower, terms);
      best = { session, entry, time, score, ...snippet(entry.text, lower, centre, terms) };
    }
    return best;
  }

  /** Restores an index as `savedLines` left it: each line, parsed, to `IndexLoader.line`, then `finish`. */
  static loader(texts: TextStore): IndexLoader<ContentIndex> {
    const index = new ContentIndex(texts);
    return new IndexLoader(index, {
      table: (size) => (index.table = DocTable.ofDropped(size)),
      finish: (dead, flexDead) => {
        index.dead = dead;
        index.flexDead = flexDead;
      },
      flex: index.flex,
      slotOf: (id) => index.slotOf.get(id)!,
      words: () => index.vocabulary.catchUp(),
    });
  }
}

/** 1 for now, ½ a month ago, falling slowly: among equal matches the newer wins. */
function recency(now: number, time: number): number {
  return 1 / (1 + Math.max(0, now - time) / (30 * 86_400_000));
}

function normalized(text: string): string {
  return text.toLowerCase().trim().replace(/\s+/g, ' ');
}

/** Whether `term` occurs in the text as a whole term (not the end of a longer one, nor its beginning): linear. */
function wholeAt(text: string, lower: string, term: string): boolean {
  // Lower-casing keeps the length of nearly all text; where it does not, the positions are not the text's.
  if (lower.length !== text.length) return lower.includes(term);
  for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + 1))
    if (startsTerm(text, i) && endsTerm(text, i + term.length) && !inLongWord(text, i)) return true;
  return false;
}

/**
 * Whether `term` at `i` of `text` is what the query matches there: a whole word, or a word's beginning for the
 * query's `last` word from PREFIX_MIN characters; never inside a word the index does not keep (over MAX_WORD).
 */
function matchesAt(text: string, lower: string, i: number, term: string, last: boolean): boolean {
  if (lower.length !== text.length) return true;
  return startsTerm(text, i) && ((last && expandable(term)) || endsTerm(text, i + term.length)) && !inLongWord(text, i);
}

/** The first place a term matches (where none does as a word, the first place it occurs). */
function firstOf(text: string, lower: string, terms: readonly string[]): number {
  let first = -1;
  let loose = -1;
  for (const [k, term] of terms.entries()) {
    for (let i = lower.indexOf(term); i >= 0 && (first < 0 || i < first); i = lower.indexOf(term, i + 1)) {
      if (loose < 0 || i < loose) loose = i;
      if (matchesAt(text, lower, i, term, k === terms.length - 1)) first = i;
    }
  }
  return Math.max(0, first >= 0 ? first : loose);
}

/** `text` lower-cased letter by letter, a letter whose lower case is longer kept as it is: the same length. */
function sameLengthLower(text: string): string {
  let out = '';
  for (const letter of text) {
    const lower = letter.toLowerCase();
    out += lower.length === letter.length ? lower : letter;
  }
  return out;
}

/** About SNIPPET characters of `text` around `at`, on one line, with the query's words marked. */
function snippet(text: string, lower: string, at: number, terms: readonly string[]): { snippet: string; ranges: Array<[number, number]> } {
  const start = Math.max(0, at - SNIPPET / 3);
  const end = Math.min(text.length, start + SNIPPET);
  const prefix = start > 0 ? '…' : '';
  const body = text.slice(start, end).replace(/\s/g, ' ');
  const shown = prefix + body + (end < text.length ? '…' : '');
  // Marks are places in the text: where lower-casing changes its length (`İ` → `i̇`), the window is lowered a letter
  // at a time, each letter whose lower case is longer kept as it is.
  const window = lower.length === text.length ? lower.slice(start, end) : sameLengthLower(text.slice(start, end));
  const ranges: Array<[number, number]> = [];
  for (const [k, term] of terms.entries()) {
    // Where the term matches as the query does; where it does so nowhere in the window, wherever it occurs.
    const loose: Array<[number, number]> = [];
    const before = ranges.length;
    for (let i = window.indexOf(term); i >= 0; i = window.indexOf(term, i + term.length)) {
      const range: [number, number] = [prefix.length + i, prefix.length + i + term.length];
      if (matchesAt(text, lower, start + i, term, k === terms.length - 1)) ranges.push(range);
      else loose.push(range);
    }
    if (ranges.length === before) ranges.push(...loose);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  return { snippet: shown, ranges };
}

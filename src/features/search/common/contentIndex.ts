// One server's content index: FlexSearch's inverted index over documents (a message's newly finished parts),
// a compact table of documents (docTable.ts: session, first entry, entries, kinds, time) and the sessions it
// holds (what was read of each, so a restart or a live part reads only what is new). Texts live in a TextStore
// and are read only for the results a query shows. Documents are never removed from FlexSearch (its removal
// scans the whole index): a dropped session's documents are marked dead and skipped. A query's last word also
// matches the words it begins, through the index's words filed by their beginnings (vocabulary.ts).
//
// FlexSearch over MiniSearch, measured on 200 000 parts of source and prose (80 MB): MiniSearch held 4.5× the
// text in memory and answered in 634 ms at p95; FlexSearch (resolution 1, no fast update) 1.0× and 25 ms.
import FlexSearch, { type Index } from 'flexsearch';
import type { TranscriptMessage } from '../../../store/transcript';
import { entryOfPart, messageDone, type Entry } from './entries';
import { DocTable } from './docTable';
import { NewestDocs } from './newestDocs';
import { distinctTerms, endsTerm, expandable, queryTerms } from './terms';
import { CHUNK, type TextStore } from './textStore';
import { Vocabulary, type Slots } from './vocabulary';

/** What the index keeps of a session besides its documents. */
export interface SessionMeta {
  id: string;
  title: string;
  directory: string;
  parentID?: string;
  /** The session's `time.updated` when it was last read whole. */
  updated: number;
}

export interface IndexedSession extends SessionMeta {
  /** Messages that will not change any more: never read again. */
  done: Set<string>;
  /** Parts indexed of messages still open, by message. */
  open: Map<string, Set<string>>;
  docs: number[];
  /** Entries stored (the next entry's number). */
  entries: number;
  /** Text bytes indexed. */
  bytes: number;
  /** Newest message time indexed. */
  latest: number;
  /** Read to its cap once: its older messages are not indexed, and a later read stops where known ones start. */
  capped?: boolean;
}

export interface AddResult {
  /** Every message was known and done already (an older page would be too). */
  allKnown: boolean;
  /** The session reached its cap: the rest of the page (and older pages) were not indexed. */
  capped: boolean;
}

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
/** A document holds the entries of neighbouring messages up to this much text, within one chunk of the texts. */
const GROUP_BYTES = 32 * 1024;
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

export class ContentIndex {
  private flex = newFlex();
  /** The terms FlexSearch holds, by their beginnings. */
  private vocabulary = this.vocabularyOf(this.flex);
  /** While a compaction runs: the index it builds, which every new document joins too, and its terms. */
  private next?: Index;
  private nextVocabulary?: Vocabulary;
  private readonly byId = new Map<string, IndexedSession>();
  private readonly slots: Array<IndexedSession | undefined> = [];
  private readonly slotOf = new Map<string, number>();
  private table = new DocTable();
  private dead = 0;
  /** Dropped documents whose words FlexSearch still holds (until a compaction). */
  private flexDead = 0;
  /** Text bytes held across sessions. */
  bytes = 0;

  constructor(readonly texts: TextStore) {}

  get sessionCount(): number {
    return this.byId.size;
  }

  get documentCount(): number {
    return this.table.size - this.dead;
  }

  /** Dropped documents still in FlexSearch (deleted sessions, the cap): worth rebuilding without them. */
  needsCompaction(): boolean {
    return !this.next && this.flexDead > 1_000 && this.flexDead > this.documentCount;
  }

  /**
   * Builds FlexSearch again from the live documents' texts, `slice` documents per step (`yieldTo` between steps, so
   * the extension host stays responsive), then answers from it: what dropped sessions left behind is gone.
   */
  async compact(yieldTo: () => Promise<void>, sliceMs = 8): Promise<void> {
    if (this.next) return;
    const next = (this.next = newFlex());
    const nextVocabulary = (this.nextVocabulary = this.vocabularyOf(next));
    const table = this.table;
    const live = table.size;
    try {
      let since = performance.now();
      for (let doc = 0; doc < live; doc++) {
        const session = table.session[doc] >= 0 ? this.slots[table.session[doc]] : undefined;
        if (session) {
          const entries = await this.texts.readAsync(session.id, table.first[doc], table.count[doc]);
          // Dropped while its text was read: left out, as the dropped are.
          if (table.session[doc] >= 0) {
            next.add(doc, entries.map((e) => e.text).join('\n'));
            nextVocabulary.catchUp();
          }
        }
        if (performance.now() - since > sliceMs) {
          await yieldTo();
          since = performance.now();
        }
      }
      this.flex = next;
      this.vocabulary = nextVocabulary;
      this.flexDead = 0;
    } finally {
      this.next = undefined;
      this.nextVocabulary = undefined;
    }
  }

  /** FlexSearch's terms by their beginnings, each weighed by its documents that still answer
   * (of a session not dropped). */
  private vocabularyOf(flex: Index): Vocabulary {
    return new Vocabulary(internals(flex).map, (doc) => this.table.session[doc]);
  }

  session(id: string): IndexedSession | undefined {
    return this.byId.get(id);
  }

  sessions(): IterableIterator<IndexedSession> {
    return this.byId.values();
  }

  /** Updates what is known of a session (its title, folder, parent), creating it if new. */
  touch(meta: SessionMeta): IndexedSession {
    let session = this.byId.get(meta.id);
    if (!session) {
      session = {
        id: meta.id,
        title: meta.title,
        directory: meta.directory,
        parentID: meta.parentID,
        updated: 0,
        done: new Set(),
        open: new Map(),
        docs: [],
        entries: 0,
        bytes: 0,
        latest: 0,
      };
      this.byId.set(meta.id, session);
      this.slotOf.set(meta.id, this.slots.length);
      this.slots.push(session);
    } else {
      session.title = meta.title;
      session.directory = meta.directory;
      session.parentID = meta.parentID;
    }
    return session;
  }

  /**
   * Indexes what is new in these messages (a page of a read, or the newest few after a live event): every
   * finished part not indexed yet. True when every message was known and done already (an older page would be too).
   * In one go: a page of a server's goes through `addPage`, which yields.
   */
  addMessages(meta: SessionMeta, messages: readonly TranscriptMessage[]): boolean {
    const steps = this.adding(meta, messages, Infinity);
    let step = steps.next();
    while (!step.done) step = steps.next();
    return step.value.allKnown;
  }

  /**
   * `addMessages` a slice at a time: `yieldTo` between slices of about `sliceMs`, so no step holds the thread long
   * whatever the page holds. Stops at the session's cap (`sessionCap` bytes of text): `capped` then. One call at a
   * time per index (the indexer's lock): another's documents would land inside this one's chunk.
   */
  async addPage(
    meta: SessionMeta,
    messages: readonly TranscriptMessage[],
    options: { yieldTo: () => Promise<void>; sliceMs?: number; sessionCap?: number },
  ): Promise<AddResult> {
    const sliceMs = options.sliceMs ?? 8;
    const steps = this.adding(meta, messages, options.sessionCap ?? Infinity);
    let since = performance.now();
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      if (performance.now() - since < sliceMs) continue;
      await options.yieldTo();
      since = performance.now();
    }
  }

  /**
   * The work of an add, pausing (yielding) after each part: a pause is only ever taken with no entry pending, so
   * what was indexed of a message is in its `open` parts and nothing is half done.
   */
  private *adding(meta: SessionMeta, messages: readonly TranscriptMessage[], sessionCap: number): Generator<void, AddResult> {
    const session = this.touch(meta);
    let allKnown = true;
    // Neighbouring messages share most of their words (the same files, names, errors): indexed together as one
    // document, each word is stored once for them. The entries still say which part said what.
    let group: Entry[] = [];
    let groupBytes = 0;
    let groupTime = 0;
    const flush = () => {
      if (group.length) this.addDocument(session, group, groupTime);
      group = [];
      groupBytes = 0;
      groupTime = 0;
    };
    for (const message of messages) {
      if (session.done.has(message.id)) continue;
      allKnown = false;
      const done = message.completed !== undefined || message.role !== 'assistant';
      let open = session.open.get(message.id);
      for (const part of message.parts) {
        if (!open?.has(part.id)) {
          const entry = entryOfPart(message, part, done);
          if (entry && session.bytes + groupBytes + entry.text.length > sessionCap) {
            flush();
            return { allKnown, capped: true };
          }
          if (entry) {
            entry.at = message.created;
            groupTime = Math.max(groupTime, message.created);
            group.push(entry);
            groupBytes += entry.text.length;
            if (!open) session.open.set(message.id, (open = new Set()));
            open.add(part.id);
            // A document ends where the text store's chunk does (a query reads one chunk per document, not two), and
            // at GROUP_BYTES: no document is much bigger than that, nor its indexing long.
            if ((session.entries + group.length) % CHUNK === 0 || groupBytes >= GROUP_BYTES) flush();
          }
        }
        if (!group.length) yield;
      }
      if (messageDone(message)) {
        session.done.add(message.id);
        session.open.delete(message.id);
      }
      if (!group.length) yield;
    }
    flush();
    return { allKnown, capped: false };
  }

  private addDocument(session: IndexedSession, entries: Entry[], time: number): void {
    let kinds = 0;
    let bytes = 0;
    let text = '';
    for (const entry of entries) {
      kinds |= entry.kind;
      bytes += entry.text.length;
      text = text ? `${text}\n${entry.text}` : entry.text;
    }
    const doc = this.table.add(this.slotOf.get(session.id)!, session.entries, entries.length, kinds, time);
    this.texts.append(session.id, session.entries, entries);
    session.entries += entries.length;
    session.docs.push(doc);
    session.bytes += bytes;
    session.latest = Math.max(session.latest, time);
    this.bytes += bytes;
    this.flex.add(doc, text);
    this.vocabulary.catchUp();
    this.next?.add(doc, text);
    this.nextVocabulary?.catchUp();
  }

  /** Forgets a session (deleted on the server, or dropped for the cap): its documents no longer answer. */
  drop(sessionId: string): void {
    const session = this.byId.get(sessionId);
    if (!session) return;
    for (const doc of session.docs) this.table.session[doc] = -1;
    this.dead += session.docs.length;
    this.flexDead += session.docs.length;
    this.bytes -= session.bytes;
    this.byId.delete(sessionId);
    this.slots[this.slotOf.get(sessionId)!] = undefined;
    this.slotOf.delete(sessionId);
    this.texts.drop(sessionId);
  }

  /**
   * Drops the sessions least recently active until the text held is within `maxBytes`; returns the newest time
   * dropped (sessions no newer are not indexed again), or undefined when nothing was dropped.
   */
  enforceCap(
    maxBytes: number,
    lastActivity: (session: IndexedSession) => number,
    onDrop?: (session: IndexedSession) => void,
  ): number | undefined {
    if (this.bytes <= maxBytes) return undefined;
    // Down to 90 % of the cap: the next sort is a while away.
    const oldest = Array.from(this.byId.values(), (session) => ({ session, at: lastActivity(session) })).sort((a, b) => a.at - b.at);
    let dropped: number | undefined;
    for (const { session, at } of oldest) {
      if (this.bytes <= maxBytes * 0.9) break;
      dropped = Math.max(dropped ?? 0, at);
      onDrop?.(session);
      this.drop(session.id);
    }
    return dropped;
  }

  /**
   * The best matches, at most one per session, best first. The texts of up to CHECKED documents are read to find and
   * show each match: from disk off the thread, scored a slice of time at a time (`yieldTo` between slices).
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
    for (const doc of docs) {
      if (best.size >= limit) break;
      const session = this.slots[table.session[doc]];
      if (!session) continue;
      const entries = await this.texts.readAsync(session.id, table.first[doc], table.count[doc]);
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
    for (const entry of entries) {
      if (kinds && !(entry.kind & kinds)) continue;
      const time = entry.at ?? this.table.time[doc];
      if (since !== undefined && time < since) continue;
      const lower = entry.text.toLowerCase();
      const at = lower.indexOf(phrase);
      let present = 0;
      for (const term of terms) if (lower.includes(term)) present++;
      if (!present) continue;
      const whole = wholeAt(entry.text, lower, terms[terms.length - 1]) ? WHOLE_WORD : 0;
      const score = whole + (at >= 0 ? 4 : 0) + (2 * present) / terms.length + recency(now, time);
      if (best && best.score >= score) continue;
      best = { session, entry, time, score, ...snippet(entry.text, lower, at >= 0 ? at : firstOf(lower, terms), terms) };
    }
    return best;
  }

  /**
   * Everything it needs to answer after a restart (its texts are kept by their store), as lines of JSON, each a
   * bounded piece (indexFile.ts writes them a slice at a time). Nothing may add to the index until the last line is
   * taken (the indexer's lock); a session dropped meanwhile is only dropped later.
   */
  *savedLines(): Generator<string> {
    const flex = internals(this.flex);
    yield JSON.stringify(['docs', this.table.size, this.flexDead]);
    for (const s of this.byId.values()) {
      const meta = { id: s.id, title: s.title, directory: s.directory, parentID: s.parentID, updated: s.updated };
      yield JSON.stringify(['session', { ...meta, entries: s.entries, bytes: s.bytes, latest: s.latest, capped: s.capped }]);
      for (const done of pieces(s.done.values(), 5_000)) yield JSON.stringify(['done', done]);
      for (const open of pieces(s.open.entries(), 500))
        yield JSON.stringify(['open', open.map(([message, parts]) => [message, [...parts]])]);
      for (const docs of pieces(s.docs.values(), 2_000)) yield JSON.stringify(['rows', docs.map((doc) => this.table.row(doc))]);
    }
    for (const ids of pieces(flex.reg.keys(), 20_000)) yield JSON.stringify(['reg', ids]);
    for (const entries of mapPieces(flex.map)) yield JSON.stringify(['map', entries]);
    yield JSON.stringify(['end']);
  }

  /** Restores an index as `savedLines` left it: each line, parsed, to `IndexLoader.line`, then `finish`. */
  static loader(texts: TextStore): IndexLoader {
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

/** What a loader may set of the index it restores. */
interface Restoring {
  table(size: number): DocTable;
  finish(dead: number, flexDead: number): void;
  flex: Index;
  slotOf(id: string): number;
  /** Files the words a line added by their beginnings. */
  words(): void;
}

/** Reads an index's saved lines back, one at a time (indexFile.ts parses them a slice of time at a time). */
export class IndexLoader {
  private table?: DocTable;
  private session?: IndexedSession;
  private flexDead = 0;
  private live = 0;

  constructor(
    private readonly index: ContentIndex,
    private readonly restoring: Restoring,
  ) {}

  /** False for a line that cannot be this index's (a damaged file). */
  line(value: unknown): boolean {
    if (!Array.isArray(value) || typeof value[0] !== 'string') return false;
    const [kind, a, b] = value as [string, unknown, unknown];
    switch (kind) {
      case 'docs':
        if (typeof a !== 'number' || !Number.isSafeInteger(a) || a < 0 || this.table) return false;
        this.table = this.restoring.table(a);
        this.flexDead = typeof b === 'number' ? b : 0;
        return true;
      case 'session': {
        const saved = a as IndexedSession | undefined;
        if (!this.table || typeof saved?.id !== 'string') return false;
        const session = this.index.touch(saved);
        session.updated = Number(saved.updated) || 0;
        session.entries = Number(saved.entries) || 0;
        session.bytes = Number(saved.bytes) || 0;
        session.latest = Number(saved.latest) || 0;
        if (saved.capped) session.capped = true;
        this.index.bytes += session.bytes;
        this.session = session;
        return true;
      }
      case 'done':
        if (!this.session || !Array.isArray(a)) return false;
        for (const id of a as string[]) this.session.done.add(id);
        return true;
      case 'open':
        if (!this.session || !Array.isArray(a)) return false;
        for (const [message, parts] of a as Array<[string, string[]]>) this.session.open.set(message, new Set(parts));
        return true;
      case 'rows': {
        const table = this.table;
        if (!this.session || !table || !Array.isArray(a)) return false;
        const slot = this.restoring.slotOf(this.session.id);
        for (const [doc, first, count, kinds, time] of a as Array<[number, number, number, number, number]>) {
          if (!(doc >= 0 && doc < table.size)) return false;
          table.set(doc, slot, first, count, kinds, time);
          this.session.docs.push(doc);
          this.live += 1;
        }
        return true;
      }
      case 'reg':
        if (!Array.isArray(a)) return false;
        this.restoring.flex.import(kind, a as never);
        return true;
      case 'map': {
        const merged = Array.isArray(a) && mergeWords(internals(this.restoring.flex).map, a);
        this.restoring.words();
        return merged;
      }
      default:
        return false;
    }
  }

  finish(): ContentIndex {
    this.restoring.finish((this.table?.size ?? 0) - this.live, this.flexDead);
    return this.index;
  }
}

/** What FlexSearch's own export reads of an index (0.8: dist/module/serialize.js), read here a slice at a time. */
function internals(flex: Index): { reg: { keys(): IterableIterator<unknown> }; map: Map<unknown, Slots> } {
  return flex as unknown as { reg: { keys(): IterableIterator<unknown> }; map: Map<unknown, Slots> };
}

/** Document ids in one saved line of words at most: a common word's (every document of a 100 MB index) is split. */
const IDS_PER_LINE = 20_000;

/**
 * FlexSearch's words in pieces of at most 1 000 words and IDS_PER_LINE document ids: a word in more documents
 * than that has lines of its own, each a part of its list (mergeWords appends them), so no line takes long to make
 * or read whatever the index holds (1 000 words of a 100 MB index made a 9.6 MB line, 98 ms to write).
 */
function* mapPieces(map: Map<unknown, Slots>): Generator<Array<[unknown, Slots]>> {
  let piece: Array<[unknown, Slots]> = [];
  let ids = 0;
  for (const [word, slots] of map) {
    let count = 0;
    for (const slot of slots) count += slot?.length ?? 0;
    if (count > IDS_PER_LINE) {
      for (let s = 0; s < slots.length; s++) {
        const slot = slots[s];
        for (let from = 0; slot && from < slot.length; from += IDS_PER_LINE) {
          const part: Slots = slots.map(() => null);
          part[s] = slot.slice(from, from + IDS_PER_LINE);
          yield [[word, part]];
        }
      }
      continue;
    }
    if (piece.length && (ids + count > IDS_PER_LINE || piece.length >= 1_000)) {
      yield piece;
      piece = [];
      ids = 0;
    }
    piece.push([word, slots]);
    ids += count;
  }
  if (piece.length) yield piece;
}

/** Adds a saved line of words to FlexSearch's map: a word seen before (a long list's next part) is appended to. */
function mergeWords(map: Map<unknown, Slots>, entries: unknown[]): boolean {
  for (const entry of entries) {
    if (!Array.isArray(entry) || !Array.isArray(entry[1])) return false;
    const [word, slots] = entry as [unknown, unknown[]];
    if (typeof word !== 'string' && typeof word !== 'number') return false;
    const known = map.get(word);
    const into: Slots = known ?? [];
    for (let s = 0; s < slots.length; s++) {
      const ids = slots[s];
      if (ids === null || ids === undefined) continue;
      if (!Array.isArray(ids)) return false;
      const slot = (into[s] ??= []);
      for (const id of ids) {
        if (typeof id !== 'number') return false;
        slot.push(id);
      }
    }
    if (!known) map.set(word, into);
  }
  return true;
}

/** The values in arrays of at most `size`. */
function* pieces<T>(values: Iterator<T>, size: number): Generator<T[]> {
  let piece: T[] = [];
  for (let v = values.next(); !v.done; v = values.next()) {
    piece.push(v.value);
    if (piece.length === size) {
      yield piece;
      piece = [];
    }
  }
  if (piece.length) yield piece;
}

function newFlex(): Index {
  return new FlexSearch.Index({ resolution: 1, fastupdate: false, cache: false, encode: encode });
}

/** FlexSearch's encoder: the index's own terms (terms.ts), each once (a document's words repeat). */
function encode(text: string): string[] {
  return distinctTerms(text);
}

/** 1 for now, ½ a month ago, falling slowly: among equal matches the newer wins. */
function recency(now: number, time: number): number {
  return 1 / (1 + Math.max(0, now - time) / (30 * 86_400_000));
}

function normalized(text: string): string {
  return text.toLowerCase().trim().replace(/\s+/g, ' ');
}

/** Whether `term` occurs in the text as a whole term (not only as the beginning of a longer one): linear. */
function wholeAt(text: string, lower: string, term: string): boolean {
  // Lower-casing keeps the length of nearly all text; where it does not, the positions are not the text's.
  if (lower.length !== text.length) return lower.includes(term);
  for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + 1)) if (endsTerm(text, i + term.length)) return true;
  return false;
}

function firstOf(lower: string, terms: readonly string[]): number {
  let first = -1;
  for (const term of terms) {
    const at = lower.indexOf(term);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  return Math.max(0, first);
}

/** About SNIPPET characters of `text` around `at`, on one line, with the query's words marked. */
function snippet(text: string, lower: string, at: number, terms: readonly string[]): { snippet: string; ranges: Array<[number, number]> } {
  const start = Math.max(0, at - SNIPPET / 3);
  const end = Math.min(text.length, start + SNIPPET);
  const prefix = start > 0 ? '…' : '';
  const body = text.slice(start, end).replace(/\s/g, ' ');
  const shown = prefix + body + (end < text.length ? '…' : '');
  const window = lower.slice(start, end);
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    for (let i = window.indexOf(term); i >= 0; i = window.indexOf(term, i + term.length))
      ranges.push([prefix.length + i, prefix.length + i + term.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  return { snippet: shown, ranges };
}

// One server's content index: FlexSearch's inverted index over documents (a message's newly finished parts),
// a compact table of documents (docTable.ts: session, first entry, entries, kinds, time) and the sessions it
// holds (what was read of each, so a restart or a live part reads only what is new). Texts live in a TextStore
// and are read only for the results a query shows. Documents are never removed from FlexSearch (its removal
// scans the whole index): a dropped session's documents are marked dead and skipped.
//
// FlexSearch over MiniSearch, measured on 200 000 parts of source and prose (80 MB): MiniSearch held 4.5× the
// text in memory and answered in 634 ms at p95; FlexSearch (resolution 1, no fast update) 1.0× and 25 ms.
import FlexSearch, { type Index } from 'flexsearch';
import type { TranscriptMessage } from '../../store/transcript';
import { entriesOf, messageDone, type Entry } from './entries';
import { DocTable } from './docTable';
import { NewestDocs } from './newestDocs';
import { distinctTerms, queryTerms } from './terms';
import { CHUNK, type TextStore } from './textStore';

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

export class ContentIndex {
  private flex = newFlex();
  /** While a compaction runs: the index it builds, which every new document joins too. */
  private next?: Index;
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
  async compact(yieldTo: () => Promise<void>, slice = 200): Promise<void> {
    if (this.next) return;
    const next = (this.next = newFlex());
    const table = this.table;
    const live = table.size;
    try {
      for (let from = 0; from < live; from += slice) {
        for (let doc = from; doc < Math.min(live, from + slice); doc++) {
          const session = table.session[doc] >= 0 ? this.slots[table.session[doc]] : undefined;
          if (!session) continue;
          const entries = this.texts.read(session.id, table.first[doc], table.count[doc]);
          next.add(doc, entries.map((e) => e.text).join('\n'));
        }
        await yieldTo();
      }
      this.flex = next;
      this.flexDead = 0;
    } finally {
      this.next = undefined;
    }
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
      session = { ...meta, updated: 0, done: new Set(), open: new Map(), docs: [], entries: 0, bytes: 0, latest: 0 };
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
   */
  addMessages(meta: SessionMeta, messages: readonly TranscriptMessage[]): boolean {
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
    };
    for (const message of messages) {
      if (session.done.has(message.id)) continue;
      allKnown = false;
      const open = session.open.get(message.id);
      const entries = entriesOf(message, open);
      if (entries.length) groupTime = Math.max(groupTime, message.created);
      for (const entry of entries) {
        entry.at = message.created;
        group.push(entry);
        groupBytes += entry.text.length;
        // A document ends where the text store's chunk does: a query reads one chunk per document, not two.
        if ((session.entries + group.length) % CHUNK === 0) flush();
      }
      if (groupBytes >= GROUP_BYTES) flush();
      if (messageDone(message)) {
        session.done.add(message.id);
        session.open.delete(message.id);
      } else if (entries.length) {
        const parts = open ?? new Set<string>();
        for (const entry of entries) parts.add(entry.part);
        session.open.set(message.id, parts);
      }
    }
    flush();
    return allKnown;
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
    this.next?.add(doc, text);
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
  enforceCap(maxBytes: number, lastActivity: (session: IndexedSession) => number): number | undefined {
    if (this.bytes <= maxBytes) return undefined;
    const oldest = [...this.byId.values()].sort((a, b) => lastActivity(a) - lastActivity(b));
    let dropped: number | undefined;
    for (const session of oldest) {
      if (this.bytes <= maxBytes * 0.9) break;
      dropped = Math.max(dropped ?? 0, lastActivity(session));
      this.drop(session.id);
    }
    return dropped;
  }

  /** The best matches, at most one per session, best first. */
  search(query: Query): Hit[] {
    const terms = queryTerms(query.text);
    if (!terms.length) return [];
    const found = this.flex.search(terms.join(' '), { limit: CANDIDATES }) as number[];
    // First pass on the table alone: the newest documents that the filters accept.
    const newest = new NewestDocs(CHECKED);
    const table = this.table;
    for (const doc of found) {
      const slot = table.session[doc];
      if (slot < 0) continue;
      const kinds = table.kinds[doc];
      if (query.kinds && !(kinds & query.kinds)) continue;
      const time = table.time[doc];
      if (query.since !== undefined && time < query.since) continue;
      const session = this.slots[slot];
      if (!session || (query.session && !query.session(session))) continue;
      newest.offer(doc, time);
    }
    const phrase = normalized(query.text);
    const best = new Map<IndexedSession, Hit>();
    const limit = query.limit ?? 50;
    for (const doc of newest.newestFirst()) {
      if (best.size >= limit) break;
      const session = this.slots[table.session[doc]]!;
      const hit = this.bestEntry(session, doc, terms, phrase, query.kinds, query.since);
      if (!hit) continue;
      const known = best.get(session);
      if (!known || hit.score > known.score) best.set(session, hit);
    }
    return [...best.values()].sort((a, b) => b.score - a.score);
  }

  /** Reads a document's entries and scores each against the query: the phrase, then how many words, then time. */
  private bestEntry(
    session: IndexedSession,
    doc: number,
    terms: string[],
    phrase: string,
    kinds: number | undefined,
    since: number | undefined,
  ): Hit | undefined {
    const entries = this.texts.read(session.id, this.table.first[doc], this.table.count[doc]);
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
      const score = (at >= 0 ? 4 : 0) + (2 * present) / terms.length + recency(now, time);
      if (best && best.score >= score) continue;
      best = { session, entry, time, score, ...snippet(entry.text, lower, at >= 0 ? at : firstOf(lower, terms), terms) };
    }
    return best;
  }

  /** Everything it would need to answer after a restart (the texts are persisted by their store). */
  snapshot(): IndexSnapshot {
    const flex: Record<string, string> = {};
    // With a handler that returns nothing, FlexSearch exports synchronously.
    this.flex.export((key: string, data: unknown) => {
      flex[key] = typeof data === 'string' ? data : JSON.stringify(data);
    });
    return {
      sessions: [...this.byId.values()].map((s) => ({
        id: s.id,
        title: s.title,
        directory: s.directory,
        parentID: s.parentID,
        updated: s.updated,
        done: [...s.done],
        open: [...s.open].map(([message, parts]) => [message, [...parts]]),
        entries: s.entries,
        bytes: s.bytes,
        latest: s.latest,
        docs: s.docs.map((doc) => this.table.row(doc)),
      })),
      docs: this.table.size,
      flexDead: this.flexDead,
      flex,
    };
  }

  /** An index as `snapshot` left it. */
  static restore(snapshot: IndexSnapshot, texts: TextStore): ContentIndex {
    const index = new ContentIndex(texts);
    index.table = DocTable.ofDropped(snapshot.docs);
    index.dead = snapshot.docs;
    for (const saved of snapshot.sessions) {
      const session = index.touch(saved);
      session.updated = saved.updated;
      session.done = new Set(saved.done);
      session.open = new Map(saved.open.map(([message, parts]) => [message, new Set(parts)]));
      session.entries = saved.entries;
      session.bytes = saved.bytes;
      session.latest = saved.latest;
      index.bytes += saved.bytes;
      const slot = index.slotOf.get(saved.id)!;
      for (const [doc, first, count, kinds, time] of saved.docs) {
        index.table.set(doc, slot, first, count, kinds, time);
        session.docs.push(doc);
        index.dead -= 1;
      }
    }
    index.flexDead = snapshot.flexDead ?? index.dead;
    for (const [key, data] of Object.entries(snapshot.flex)) index.flex.import(key, data);
    return index;
  }
}

export interface IndexSnapshot {
  sessions: Array<
    SessionMeta & {
      done: string[];
      open: Array<[string, string[]]>;
      entries: number;
      bytes: number;
      latest: number;
      /** [doc, first entry, entries, kinds, time] */
      docs: Array<[number, number, number, number, number]>;
    }
  >;
  docs: number;
  flexDead?: number;
  flex: Record<string, string>;
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

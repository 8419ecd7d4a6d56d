// One server's content index, its documents: FlexSearch's inverted index over documents (a message's newly finished
// parts), a compact table of documents (docTable.ts: session, first entry, entries, kinds, time) and the sessions it
// holds (what was read of each, so a restart or a live part reads only what is new). Texts live in a TextStore.
// Documents are never removed from FlexSearch (its removal scans the whole index): a dropped session's documents are
// marked dead and skipped, until a compaction builds FlexSearch again without them. The layers on it: its saved lines
// (savedIndex.ts), its queries (contentIndex.ts).
import FlexSearch, { type Index } from 'flexsearch';
import type { TranscriptMessage } from '../../../store/transcript';
import { entryOfPart, messageDone, type Entry } from './entries';
import { DocTable } from './docTable';
import { distinctTerms } from './terms';
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

/** A document holds the entries of neighbouring messages up to this much text, within one chunk of the texts. */
const GROUP_BYTES = 32 * 1024;

export abstract class IndexDocuments {
  protected flex = newFlex();
  /** The terms FlexSearch holds, by their beginnings. */
  protected vocabulary = this.vocabularyOf(this.flex);
  /** While a compaction runs: the index it builds, which every new document joins too, and its terms. */
  private next?: Index;
  private nextVocabulary?: Vocabulary;
  protected readonly byId = new Map<string, IndexedSession>();
  protected readonly slots: Array<IndexedSession | undefined> = [];
  protected readonly slotOf = new Map<string, number>();
  protected table = new DocTable();
  protected dead = 0;
  /** Dropped documents whose words FlexSearch still holds (until a compaction). */
  protected flexDead = 0;
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
}

/** What FlexSearch's own export reads of an index (0.8: dist/module/serialize.js), read here a slice at a time. */
export function internals(flex: Index): { reg: { keys(): IterableIterator<unknown> }; map: Map<unknown, Slots> } {
  return flex as unknown as { reg: { keys(): IterableIterator<unknown> }; map: Map<unknown, Slots> };
}

function newFlex(): Index {
  return new FlexSearch.Index({ resolution: 1, fastupdate: false, cache: false, encode: encode });
}

/** FlexSearch's encoder: the index's own terms (terms.ts), each once (a document's words repeat). */
function encode(text: string): string[] {
  return distinctTerms(text);
}

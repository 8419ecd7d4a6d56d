// The content index's saved lines: everything it needs to answer after a restart (its texts are kept by their
// store), as lines of JSON, each a bounded piece, and the loader that reads them back (node/indexFile.ts writes and
// reads them a slice of time at a time).
import type { Index } from 'flexsearch';
import type { DocTable } from './docTable';
import { IndexDocuments, internals, type IndexedSession } from './indexDocuments';
import type { Slots } from './vocabulary';

export abstract class SavedIndex extends IndexDocuments {
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
export class IndexLoader<I extends IndexDocuments> {
  private table?: DocTable;
  private session?: IndexedSession;
  private flexDead = 0;
  private live = 0;

  constructor(
    private readonly index: I,
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

  finish(): I {
    this.restoring.finish((this.table?.size ?? 0) - this.live, this.flexDead);
    return this.index;
  }
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

// The indexed texts in files: one folder per server, a file per CHUNK entries of a session (`<session>.<chunk>`),
// deflated JSON. Adding rewrites a session's last chunk, later (`flush`, one at a time); reads are synchronous (a
// query reads the few chunks its results need, in well under a millisecond each) through a cache of recent chunks.
// A chunk is never changed once cached or handed to a write: adding to it makes a copy.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Entry } from './entries';
import { CHUNK, type TextStore } from './textStore';

/** Decompressed chunks kept for queries, in characters of text. */
const CACHE_CHARS = 4 * 1024 * 1024;

export class DiskTexts implements TextStore {
  private readonly dirty = new Map<string, Entry[]>();
  /** Chunks a flush is writing (no longer dirty, not yet cached). */
  private readonly writing = new Map<string, Entry[]>();
  private flushing: Promise<void> = Promise.resolve();
  private readonly cache = new Map<string, Entry[]>();
  private cached = 0;
  private written = 0;

  constructor(private readonly folder: string) {
    mkdirSync(folder, { recursive: true });
    for (const name of readdirSync(folder)) this.written += statSync(join(folder, name)).size;
  }

  append(sessionId: string, first: number, entries: readonly Entry[]): void {
    entries.forEach((entry, i) => {
      const at = first + i;
      const key = chunkKey(sessionId, Math.floor(at / CHUNK));
      let chunk = this.dirty.get(key);
      if (!chunk) {
        // A chunk this entry starts is new; one it continues was written before (or is being written): a copy.
        chunk = at % CHUNK ? [...(this.chunk(key) ?? [])] : [];
        this.dirty.set(key, chunk);
      }
      chunk[at % CHUNK] = entry;
    });
  }

  read(sessionId: string, from: number, count: number): Entry[] {
    const entries: Entry[] = [];
    for (let at = from; at < from + count; at++) {
      const chunk = this.chunk(chunkKey(sessionId, Math.floor(at / CHUNK)));
      const entry = chunk?.[at % CHUNK];
      if (entry) entries.push(entry);
    }
    return entries;
  }

  drop(sessionId: string): void {
    const prefix = `${safe(sessionId)}.`;
    for (const key of [...this.dirty.keys()]) if (key.startsWith(prefix)) this.dirty.delete(key);
    for (const key of [...this.writing.keys()]) if (key.startsWith(prefix)) this.writing.delete(key);
    for (const key of [...this.cache.keys()]) if (key.startsWith(prefix)) this.uncache(key);
    for (const name of readdirSync(this.folder)) {
      if (!name.startsWith(prefix)) continue;
      this.written -= statSync(join(this.folder, name)).size;
      rmSync(join(this.folder, name), { force: true });
    }
  }

  clear(): void {
    this.dirty.clear();
    this.writing.clear();
    this.cache.clear();
    this.cached = 0;
    for (const name of readdirSync(this.folder)) rmSync(join(this.folder, name), { force: true });
    this.written = 0;
  }

  /** One flush at a time, in order: what a save writes after it (the index file) names texts already written. */
  flush(): Promise<void> {
    const done = this.flushing.then(() => this.writeDirty());
    this.flushing = done.catch(() => undefined);
    return done;
  }

  private async writeDirty(): Promise<void> {
    const pending = [...this.dirty];
    this.dirty.clear();
    for (const [key, chunk] of pending) this.writing.set(key, chunk);
    try {
      for (const [key, chunk] of pending) {
        const file = join(this.folder, key);
        const data = deflateRawSync(JSON.stringify(chunk), { level: 1 });
        const before = size(file);
        await writeFile(`${file}.tmp`, data);
        await rename(`${file}.tmp`, file);
        this.written += data.length - before;
        if (this.writing.get(key) !== chunk) {
          // Dropped (or cleared) while it was written.
          this.written -= data.length;
          rmSync(file, { force: true });
          continue;
        }
        this.writing.delete(key);
        this.remember(key, chunk);
      }
    } finally {
      // Not written (the disk failed): dirty again, unless added to since.
      for (const [key, chunk] of this.writing) if (!this.dirty.has(key)) this.dirty.set(key, chunk);
      this.writing.clear();
    }
  }

  bytes(): number {
    return this.written;
  }

  private chunk(key: string): Entry[] | undefined {
    const pending = this.dirty.get(key) ?? this.writing.get(key);
    if (pending) return pending;
    const cached = this.cache.get(key);
    if (cached) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const loaded = this.load(key);
    if (loaded) this.remember(key, loaded);
    return loaded;
  }

  private load(key: string): Entry[] | undefined {
    try {
      return JSON.parse(inflateRawSync(readFileSync(join(this.folder, key))).toString('utf8')) as Entry[];
    } catch {
      // Not written yet, or lost: the entries are missing and the hit is skipped.
      return undefined;
    }
  }

  private remember(key: string, chunk: Entry[]): void {
    this.uncache(key);
    this.cache.set(key, chunk);
    this.cached += charsOf(chunk);
    for (const oldest of this.cache.keys()) {
      if (this.cached <= CACHE_CHARS) break;
      this.uncache(oldest);
    }
  }

  private uncache(key: string): void {
    const chunk = this.cache.get(key);
    if (!chunk) return;
    this.cached -= charsOf(chunk);
    this.cache.delete(key);
  }
}

function chunkKey(sessionId: string, chunk: number): string {
  return `${safe(sessionId)}.${chunk}`;
}

/** Session ids are `ses_…`; anything else (a hostile server) cannot name a path. */
function safe(id: string): string {
  return id.slice(0, 100).replace(/[^A-Za-z0-9_-]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
}

function charsOf(chunk: readonly Entry[]): number {
  let n = 0;
  for (const entry of chunk) n += entry?.text.length ?? 0;
  return n;
}

function size(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

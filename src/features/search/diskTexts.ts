// The indexed texts in files: one folder per server, a file per CHUNK entries of a session (`<session>.<chunk>`),
// deflated JSON. Adding rewrites a session's last chunk, later (`flush`, one at a time); reads are synchronous (a
// query reads the few chunks its results need, in well under a millisecond each) through a cache of recent chunks.
// A chunk is never changed once cached or handed to a write: adding to it makes a copy. The files' sizes are kept
// in memory, so dropping a session (many at once for the cap) removes its files without listing the folder.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Entry } from './entries';
import { CHUNK, type TextStore } from './textStore';

/** Decompressed chunks kept for queries, in characters of text. */
const CACHE_CHARS = 4 * 1024 * 1024;
/** A temporary file this old is no write in flight. */
const STALE_TEMPORARY_MS = 10 * 60_000;

export class DiskTexts implements TextStore {
  private readonly dirty = new Map<string, Entry[]>();
  /** Chunks a flush is writing (no longer dirty, not yet cached). */
  private readonly writing = new Map<string, Entry[]>();
  private flushing: Promise<void> = Promise.resolve();
  private readonly cache = new Map<string, Entry[]>();
  private cached = 0;
  private written = 0;
  /** Every file's size, by name. */
  private readonly sizes = new Map<string, number>();
  /** How many chunks each session has had (its files are `<session>.0` … `<session>.<n - 1>`), by safe id. */
  private readonly chunks = new Map<string, number>();

  constructor(private readonly folder: string) {
    mkdirSync(folder, { recursive: true });
    for (const name of readdirSync(folder)) {
      try {
        const { size, mtimeMs } = statSync(join(folder, name));
        // A temporary file is another window's write in flight, or one a crash left behind (removed after a while).
        if (!name.endsWith('.tmp')) this.wrote(name, size);
        else if (Date.now() - mtimeMs > STALE_TEMPORARY_MS) rmSync(join(folder, name), { force: true });
      } catch {
        // Renamed or removed meanwhile by another window.
      }
    }
  }

  append(sessionId: string, first: number, entries: readonly Entry[]): void {
    const id = safe(sessionId);
    entries.forEach((entry, i) => {
      const at = first + i;
      const key = fileOf(id, Math.floor(at / CHUNK));
      this.counted(id, Math.floor(at / CHUNK));
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
    const id = safe(sessionId);
    for (let chunk = 0; chunk < (this.chunks.get(id) ?? 0); chunk++) {
      const key = fileOf(id, chunk);
      this.dirty.delete(key);
      this.writing.delete(key);
      this.uncache(key);
      // A file of unknown size (another window wrote it since this store started) goes too.
      this.written -= this.sizes.get(key) ?? 0;
      this.sizes.delete(key);
      rmSync(join(this.folder, key), { force: true });
    }
    this.chunks.delete(id);
  }

  clear(): void {
    this.dirty.clear();
    this.writing.clear();
    this.cache.clear();
    this.cached = 0;
    for (const name of readdirSync(this.folder)) rmSync(join(this.folder, name), { force: true });
    this.written = 0;
    this.sizes.clear();
    this.chunks.clear();
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
        // Another window may write the same server's texts: a temporary file of its own, then the rename.
        const temporary = `${file}.${process.pid}.tmp`;
        try {
          await writeFile(temporary, data);
          await rename(temporary, file);
        } catch (err) {
          // clear() removed the temporary file while it was written: nothing is lost, it was not wanted.
          if (this.writing.get(key) === chunk) throw err;
          rmSync(temporary, { force: true });
          continue;
        }
        if (this.writing.get(key) !== chunk) {
          // Dropped (or cleared) while it was written.
          rmSync(file, { force: true });
          continue;
        }
        this.wrote(key, data.length);
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

  /** A file of `bytes` now holds `name` (a chunk's key, or something else found in the folder). */
  private wrote(name: string, bytes: number): void {
    this.written += bytes - (this.sizes.get(name) ?? 0);
    this.sizes.set(name, bytes);
    const chunk = /^(.*)\.(\d+)$/.exec(name);
    if (chunk) this.counted(chunk[1], Number(chunk[2]));
  }

  private counted(id: string, chunk: number): void {
    if (chunk >= (this.chunks.get(id) ?? 0)) this.chunks.set(id, chunk + 1);
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
  return fileOf(safe(sessionId), chunk);
}

/** A chunk's file, of a session id made safe. */
function fileOf(id: string, chunk: number): string {
  return `${id}.${chunk}`;
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

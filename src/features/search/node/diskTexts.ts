// The indexed texts in files: one folder per server, a file per CHUNK entries of a session (`<hash>.<chunk>`,
// the hash of the session's id: a server's ids of any length or script name no path, and two ids never share a
// file), deflated JSON, readable by their owner only (0600, in a 0700 folder: they hold what servers' tools said).
// Adding rewrites a session's last chunk, later (`flush`, one at a time, compressed in zlib's threads); reads go
// through a cache of recent chunks, a chunk read and inflated in one step on the thread that asks (the engine's worker:
// a query's cold chunks read through the file system's and zlib's threads cost a sixth to a third more CPU, bench notes
// in docs/performance.md). A chunk is never changed once cached or handed to a write: adding to it makes a copy. How many
// chunks each session has is kept in memory (from the file names, listed a batch at a time when the store opens),
// so dropping a session (many at once for the cap) removes its files without listing the folder; removals run in
// order with the writes. A cleared folder is moved aside and removed a slice of names at a time, apart from the
// writes, so a stale index's 100 000 files neither hold the thread nor queue the searches' reads behind them.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { opendir, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import type { Entry } from '../common/entries';
import { privateFolder } from './indexFile';
import { CHUNK, type TextStore } from '../common/textStore';

/**
 * Decompressed chunks kept for queries, in characters of text: a query reads up to 80, most of them the newest
 * (results are newest first), and each keystroke of a word asks again; 4 M held about one query's, and at 200 000
 * parts most of a query's time went to reading its chunks again (p95 136 ms against 52 ms with 16 M, bench notes in
 * docs/performance.md).
 */
const CACHE_CHARS = 16 * 1024 * 1024;
/** A temporary file this old is no write in flight. */
const STALE_TEMPORARY_MS = 10 * 60_000;
/** Names read from the folder per turn when the store opens. */
const NAMES_PER_READ = 256;
const deflate = promisify(deflateRaw);
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class DiskTexts implements TextStore {
  private readonly dirty = new Map<string, Entry[]>();
  /** Chunks a flush is writing (no longer dirty, not yet cached). */
  private readonly writing = new Map<string, Entry[]>();
  /** Flushes and removals, one after another in the order asked. */
  private flushing: Promise<void> = Promise.resolve();
  private readonly cache = new Map<string, Entry[]>();
  private cached = 0;
  /** How many chunks each session has had (its files are `<stem>.0` … `<stem>.<n - 1>`), by file stem. */
  private readonly chunks = new Map<string, number>();
  private readonly stems = new Map<string, string>();

  private constructor(
    private readonly folder: string,
    /** Between two slices of a removal (a test holds one there). */
    private readonly yieldTo: () => Promise<void>,
  ) {}

  /**
   * The store of a folder, its sessions' chunks counted from the file names, read NAMES_PER_READ at a time (a turn
   * of the event loop each), so a folder of 100 000 files never holds the thread. Only a temporary file is looked
   * at: another window's write in flight, or one a crash left (removed after a while). A cleared folder that a
   * closed window left beside it is removed again.
   */
  static async open(folder: string, yieldTo = nextTurn): Promise<DiskTexts> {
    await privateFolder(folder);
    const texts = new DiskTexts(folder, yieldTo);
    const aside = `${basename(folder)}.old-`;
    for (const name of await readdir(dirname(folder))) {
      if (name.startsWith(aside)) void texts.removeFolder(join(dirname(folder), name));
    }
    const now = Date.now();
    for await (const found of await opendir(folder, { bufferSize: NAMES_PER_READ })) {
      const name = found.name;
      if (!name.endsWith('.tmp')) {
        texts.found(name);
        continue;
      }
      const file = join(folder, name);
      void texts.inOrder(async () => {
        const { mtimeMs } = await stat(file).catch(() => ({ mtimeMs: now }));
        if (now - mtimeMs > STALE_TEMPORARY_MS) await rm(file, { force: true });
      });
    }
    return texts;
  }

  append(sessionId: string, first: number, entries: readonly Entry[]): void {
    const stem = this.stemOf(sessionId);
    entries.forEach((entry, i) => {
      const at = first + i;
      const key = fileOf(stem, Math.floor(at / CHUNK));
      this.counted(stem, Math.floor(at / CHUNK));
      let chunk = this.dirty.get(key);
      if (!chunk) {
        // A chunk this entry starts is new; one it continues was written before (or is being written): a copy.
        chunk = at % CHUNK ? (this.chunk(key) ?? []).slice() : [];
        this.dirty.set(key, chunk);
      }
      chunk[at % CHUNK] = entry;
    });
  }

  read(sessionId: string, from: number, count: number): Entry[] {
    const stem = this.stemOf(sessionId);
    const entries: Entry[] = [];
    for (let at = from; at < from + count; at++) {
      const chunk = this.chunk(fileOf(stem, Math.floor(at / CHUNK)));
      const entry = chunk?.[at % CHUNK];
      if (entry) entries.push(entry);
    }
    return entries;
  }

  /** `read`: a chunk is CHUNK entries of bounded size, read, inflated and parsed in well under a query's slice. */
  readAsync(sessionId: string, from: number, count: number): Promise<Entry[]> {
    return Promise.resolve(this.read(sessionId, from, count));
  }

  drop(sessionId: string): void {
    const stem = this.stemOf(sessionId);
    const files: string[] = [];
    for (let chunk = 0; chunk < (this.chunks.get(stem) ?? 0); chunk++) {
      const key = fileOf(stem, chunk);
      this.dirty.delete(key);
      this.writing.delete(key);
      this.uncache(key);
      // A file this store did not write (another window's, since it opened) goes too.
      files.push(join(this.folder, key));
    }
    this.chunks.delete(stem);
    this.stems.delete(sessionId);
    if (files.length) void this.inOrder(() => removeAll(files));
  }

  clear(): void {
    this.dirty.clear();
    this.writing.clear();
    this.cache.clear();
    this.cached = 0;
    this.chunks.clear();
    this.stems.clear();
    // Out of the way at once (one rename), removed in the background: a folder of many files takes a while.
    const old = `${this.folder}.old-${process.pid}-${Date.now()}`;
    try {
      renameSync(this.folder, old);
    } catch {
      return;
    }
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    void this.removeFolder(old);
  }

  /**
   * Removes a folder moved aside, NAMES_PER_READ names a turn, one file at a time: nothing else uses it, so writes
   * do not wait for it, and a query's read waits behind one removal at most (rm's recursive removal asked every
   * file at once: 100 000 files held the thread for seconds and queued every read behind them).
   */
  private async removeFolder(old: string): Promise<void> {
    try {
      let count = 0;
      for await (const found of await opendir(old, { bufferSize: NAMES_PER_READ })) {
        const path = join(old, found.name);
        await (found.isDirectory() ? rm(path, { recursive: true, force: true }) : unlink(path).catch(() => undefined));
        if (++count % NAMES_PER_READ === 0) await this.yieldTo();
      }
      // What the listing missed (names it had not reached are removed or not as the system pleases): few.
      await rm(old, { recursive: true, force: true });
    } catch {
      // Gone already (another window removes it too), or not ours to remove: left as it is.
    }
  }

  /** One flush at a time, in order: what a save writes after it (the index file) names texts already written. */
  flush(): Promise<void> {
    return this.inOrder(() => this.writeDirty());
  }

  private inOrder(work: () => Promise<unknown>): Promise<void> {
    const done = this.flushing.then(work).then(() => undefined);
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
        const data = await deflate(JSON.stringify(chunk), { level: 1 });
        // Another window may write the same server's texts: a temporary file of its own, then the rename.
        const temporary = `${file}.${process.pid}.tmp`;
        try {
          await writeFile(temporary, data, { mode: 0o600 });
          await rename(temporary, file);
        } catch (err) {
          // clear() moved the folder away while it was written: nothing is lost, it was not wanted.
          if (this.writing.get(key) === chunk) throw err;
          await rm(temporary, { force: true });
          continue;
        }
        if (this.writing.get(key) !== chunk) {
          // Dropped (or cleared) while it was written.
          await rm(file, { force: true });
          continue;
        }
        this.found(key);
        this.writing.delete(key);
        this.remember(key, chunk);
      }
    } finally {
      // Not written (the disk failed): dirty again, unless added to since.
      for (const [key, chunk] of this.writing) if (!this.dirty.has(key)) this.dirty.set(key, chunk);
      this.writing.clear();
    }
  }

  /** A file named `name` is in the folder: a chunk's (counted), or something else (left alone). */
  private found(name: string): void {
    const dot = name.lastIndexOf('.');
    const chunk = dot > 0 ? name.slice(dot + 1) : '';
    if (chunk && chunk.length < 10 && isDigits(chunk)) this.counted(name.slice(0, dot), Number(chunk));
  }

  private counted(stem: string, chunk: number): void {
    if (chunk >= (this.chunks.get(stem) ?? 0)) this.chunks.set(stem, chunk + 1);
  }

  private stemOf(sessionId: string): string {
    let stem = this.stems.get(sessionId);
    if (!stem) this.stems.set(sessionId, (stem = fileStemOf(sessionId)));
    return stem;
  }

  private chunk(key: string): Entry[] | undefined {
    const known = this.inMemory(key);
    if (known) return known;
    const loaded = this.load(key);
    if (loaded) this.remember(key, loaded);
    return loaded;
  }

  /** The chunk as it is to be written, or as cached. */
  private inMemory(key: string): Entry[] | undefined {
    const pending = this.dirty.get(key) ?? this.writing.get(key);
    if (pending) return pending;
    const cached = this.cache.get(key);
    if (cached) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, cached);
    }
    return cached;
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

/** A session's files' name before the chunk's number: a hash of its id (32 hex digits), whatever the id. */
export function fileStemOf(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex').slice(0, 32);
}

/** A chunk's file. */
function fileOf(stem: string, chunk: number): string {
  return `${stem}.${chunk}`;
}

async function removeAll(files: readonly string[]): Promise<void> {
  for (const file of files) await rm(file, { force: true });
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function charsOf(chunk: readonly Entry[]): number {
  let n = 0;
  for (const entry of chunk) n += entry?.text.length ?? 0;
  return n;
}

// A server's index on disk, beside its texts: one deflated file of JSON lines (common/savedIndex.ts writes and reads
// them, each a bounded piece: a session, a slice of its documents, a slice of FlexSearch's words), written to a
// temporary file and then renamed, so a crash leaves the previous one. The lines are made and read a slice of time
// at a time and the compression runs in zlib's threads, so saving or loading an index at its cap never holds the
// extension host's thread for long. A file of another version, cut short or unreadable is started over. The file
// holds what servers' sessions said: only its owner may read it (0600, in a 0700 folder).
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw, createInflateRaw } from 'node:zlib';
import type { IndexFileHeader } from '../common/engine/protocol';

/** 3: JSON lines, a session's cap and the cap sessions were dropped at. */
export const INDEX_VERSION = 3;
const FILE = 'index.jsonl.deflate';
/** Files of earlier versions, removed once a save of this one is made. */
const OLD_FILES = ['index.json.deflate'];
/** Work between two turns of the event loop. */
const SLICE_MS = 8;
/** No line of ours is near this: a longer one is a damaged file, not read into memory. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** Makes a folder (and those above it) only its owner may enter, and keeps one made before this rule so too. */
export async function privateFolder(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  if (((await stat(folder)).mode & 0o077) !== 0) await chmod(folder, 0o700);
}

/**
 * Writes the lines (a generator that is asked for the next one only between slices, so what it reads must not
 * change meanwhile: the indexer holds its lock); returns the file's size in bytes.
 */
export async function saveIndexFile(folder: string, lines: Iterator<string>, yieldTo = nextTurn): Promise<number> {
  await privateFolder(folder);
  const temporary = join(folder, `${FILE}.${process.pid}.tmp`);
  async function* sliced(): AsyncGenerator<string> {
    let since = performance.now();
    for (let line = lines.next(); !line.done; line = lines.next()) {
      yield `${line.value}\n`;
      if (performance.now() - since > SLICE_MS) {
        await yieldTo();
        since = performance.now();
      }
    }
  }
  const out = createWriteStream(temporary, { mode: 0o600 });
  try {
    await pipeline(Readable.from(sliced()), createDeflateRaw({ level: 1 }), out);
    await rename(temporary, join(folder, FILE));
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  for (const old of OLD_FILES) await rm(join(folder, old), { force: true });
  return out.bytesWritten;
}

/**
 * Reads the saved lines, each parsed and handed to `line` in order (`line` returns false for one it cannot use:
 * the file is then stale). 'stale' for a file of another version, cut short or unreadable; undefined when there is
 * none (yet). The header is the first line, the last says the file ends there.
 */
export async function loadIndexFile(
  folder: string,
  header: (header: IndexFileHeader) => boolean,
  line: (value: unknown) => boolean,
  yieldTo = nextTurn,
): Promise<'loaded' | 'stale' | undefined> {
  const file = join(folder, FILE);
  try {
    await stat(file);
  } catch {
    return undefined;
  }
  let first = true;
  let ended = false;
  let since = performance.now();
  try {
    for await (const text of lineTexts(createReadStream(file).pipe(createInflateRaw()))) {
      const value: unknown = JSON.parse(text);
      if (first) {
        first = false;
        const h = value as IndexFileHeader;
        if (typeof h !== 'object' || h === null || h.version !== INDEX_VERSION || !header(h)) return 'stale';
      } else if (Array.isArray(value) && value[0] === 'end') ended = true;
      else if (ended || !line(value)) return 'stale';
      if (performance.now() - since > SLICE_MS) {
        await yieldTo();
        since = performance.now();
      }
    }
  } catch {
    return 'stale';
  }
  return ended ? 'loaded' : 'stale';
}

/** The stream's lines, as text: one pass over each buffer (a line may span many). */
async function* lineTexts(stream: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of stream) {
    let from = 0;
    for (let at = chunk.indexOf(10, from); at >= 0; at = chunk.indexOf(10, from)) {
      const piece = chunk.subarray(from, at);
      if (!pending.length) yield piece.toString('utf8');
      else {
        pending.push(piece);
        yield Buffer.concat(pending).toString('utf8');
      }
      pending = [];
      pendingBytes = 0;
      from = at + 1;
    }
    if (from < chunk.length) {
      pending.push(chunk.subarray(from));
      pendingBytes += chunk.length - from;
      if (pendingBytes > MAX_LINE_BYTES) throw new Error('a line longer than any the index writes');
    }
  }
  if (pendingBytes) throw new Error('cut short');
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// A server's index on disk, beside its texts: one deflated JSON file, written whole (to a temporary file, then
// renamed) so a crash leaves the previous one. A file of another version, or unreadable, is started over.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import type { IndexSnapshot } from './contentIndex';

/** 2: identifiers are indexed as their pieces only (terms.ts). */
const VERSION = 2;
const FILE = 'index.json.deflate';
const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

export interface SavedIndex {
  version: number;
  index: IndexSnapshot;
  /** Sessions last active no later than this were dropped for the cap: not indexed again. */
  droppedBefore?: number;
}

/** The saved index; 'stale' for a file of another version or unreadable; undefined when there is none (yet). */
export async function loadIndexFile(folder: string): Promise<SavedIndex | 'stale' | undefined> {
  let data: Buffer;
  try {
    data = await readFile(join(folder, FILE));
  } catch {
    return undefined;
  }
  try {
    const saved = JSON.parse((await inflate(data)).toString('utf8')) as SavedIndex;
    return saved.version === VERSION ? saved : 'stale';
  } catch {
    return 'stale';
  }
}

/** Writes the index; returns the file's size in bytes. */
export async function saveIndexFile(folder: string, index: IndexSnapshot, droppedBefore?: number): Promise<number> {
  await mkdir(folder, { recursive: true });
  const data = await deflate(Buffer.from(JSON.stringify({ version: VERSION, index, droppedBefore } satisfies SavedIndex)), { level: 1 });
  await writeFile(join(folder, `${FILE}.tmp`), data);
  await rename(join(folder, `${FILE}.tmp`), join(folder, FILE));
  return data.length;
}

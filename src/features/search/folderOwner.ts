// One indexer keeps a server's index folder: two VS Code windows on the same server would otherwise rewrite each
// other's text chunks under their own entry numbers, and the last index saved would name texts it did not write.
// The first to claim the folder writes `owner` (its process and a token of its own); another window, or another
// indexer of this process, finds it held while that process runs, and keeps its index in memory instead. A
// window that ended without letting go (a crash) leaves an owner whose process is gone: the folder is taken over.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processRuns } from '../../client/discovery/serviceRegistration';

const FILE = 'owner';
/** An owner file this old that cannot be read is no claim being written: a crash's leftover. */
const UNREADABLE_MS = 60_000;

export class FolderOwner {
  private constructor(
    private readonly file: string,
    private readonly token: string,
  ) {}

  /** This indexer's hold on the folder, or undefined while another holds it. */
  static claim(folder: string): FolderOwner | undefined {
    mkdirSync(folder, { recursive: true });
    const file = join(folder, FILE);
    const token = randomUUID();
    const content = JSON.stringify({ pid: process.pid, token });
    try {
      writeFileSync(file, content, { flag: 'wx' });
      return new FolderOwner(file, token);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readOwner(file);
    if (holder ? holder.pid === process.pid || processRuns(holder.pid) : recent(file)) return undefined;
    // Its process is gone (or its file was left unreadable): taken over, unless another window took it over first.
    rmSync(file, { force: true });
    try {
      writeFileSync(file, content, { flag: 'wx' });
      return new FolderOwner(file, token);
    } catch {
      return undefined;
    }
  }

  /** Lets go of the folder (only if it is still this indexer's). */
  release(): void {
    if (readOwner(this.file)?.token === this.token) rmSync(this.file, { force: true });
  }
}

function readOwner(file: string): { pid: number; token: string } | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; token?: unknown };
    return typeof owner.pid === 'number' && typeof owner.token === 'string' ? { pid: owner.pid, token: owner.token } : undefined;
  } catch {
    return undefined;
  }
}

/** Written just now (another window's claim, being written), or gone meanwhile (claimed and let go). */
function recent(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < UNREADABLE_MS;
  } catch {
    return false;
  }
}

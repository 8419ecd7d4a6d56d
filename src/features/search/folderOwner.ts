// One indexer keeps a server's index folder: two VS Code windows on the same server would otherwise rewrite each
// other's text chunks under their own entry numbers, and the last index saved would name texts it did not write.
// The first to claim the folder writes `owner` (its process, when that process started, and a token of its own);
// another window, or another indexer of this process, finds it held while that process runs, and keeps its index
// in memory instead. A window that ended without letting go (a crash, a host stopped before it saved) leaves an
// owner whose process is gone: the folder is taken over, by one window at a time (`owner.takeover`), as windows
// reopened together race. A pid is reused (after a reboot, in a container): the process's start time (Linux's
// /proc/<pid>/stat, field 22) tells the owner from a later process of the same pid. Not a heartbeat: a window
// that sleeps (a laptop closed) or is busy would miss its beats and lose its folder, and nothing is written every
// few seconds. Where there is no /proc (macOS, Windows) a running pid holds, as before.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processRuns } from '../../client/discovery/serviceRegistration';

const FILE = 'owner';
const TAKEOVER = 'owner.takeover';
/** An owner (or takeover) file this old that cannot be read is no claim being written: a crash's leftover. */
const UNREADABLE_MS = 60_000;
/** The claims this process holds: a file naming this process's pid with another token is a leftover of an earlier
 * process that had the same pid (a container's hosts often do). */
const held = new Set<string>();

export class FolderOwner {
  private constructor(
    private readonly file: string,
    private readonly token: string,
  ) {}

  /** This indexer's hold on the folder, or undefined while another holds it. */
  static claim(folder: string): FolderOwner | undefined {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const file = join(folder, FILE);
    const mine = FolderOwner.create(file);
    if (mine !== 'exists') return mine;
    if (holds(file)) return undefined;
    // Its holder is gone. Windows reopened together all see that: the one that creates the takeover file looks
    // again and takes it; the others find it held.
    const takeover = join(folder, TAKEOVER);
    try {
      writeFileSync(takeover, String(process.pid), { flag: 'wx', mode: 0o600 });
    } catch {
      if (!recent(takeover)) rmSync(takeover, { force: true });
      return undefined;
    }
    try {
      if (holds(file)) return undefined;
      rmSync(file, { force: true });
      const taken = FolderOwner.create(file);
      return taken === 'exists' ? undefined : taken;
    } finally {
      rmSync(takeover, { force: true });
    }
  }

  private static create(file: string): FolderOwner | 'exists' {
    const token = randomUUID();
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, token, start: processStart(process.pid) }), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
      throw err;
    }
    held.add(token);
    return new FolderOwner(file, token);
  }

  /** Lets go of the folder (only if it is still this indexer's). */
  release(): void {
    held.delete(this.token);
    if (readOwner(this.file)?.token === this.token) rmSync(this.file, { force: true });
  }
}

/** Whether the owner file names a claim in force: of an indexer of this process, of a process that runs, or one
 * being written. */
function holds(file: string): boolean {
  const holder = readOwner(file);
  if (!holder) return recent(file);
  if (holder.pid === process.pid) return held.has(holder.token);
  if (!processRuns(holder.pid)) return false;
  // The pid runs: the owner's own process only if it started when the owner's did.
  const start = processStart(holder.pid);
  return holder.start === undefined || start === undefined || start === holder.start;
}

function readOwner(file: string): { pid: number; token: string; start?: string } | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; token?: unknown; start?: unknown };
    if (typeof owner.pid !== 'number' || typeof owner.token !== 'string') return undefined;
    return { pid: owner.pid, token: owner.token, start: typeof owner.start === 'string' ? owner.start : undefined };
  } catch {
    return undefined;
  }
}

/**
 * When the process started, in clock ticks since boot (Linux: /proc/<pid>/stat, field 22; the fields after the
 * command's name, which ends at the last `)`, as it may hold spaces and parentheses), or undefined where unknown.
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Field 3 (the state) is fields[0]: field 22 is fields[19].
    const start = fields[19];
    return start && /^\d{1,20}$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

/** Written less than a minute ago (a claim or takeover being written). A file gone meanwhile is not. */
function recent(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < UNREADABLE_MS;
  } catch {
    return false;
  }
}

// A claim of one process on something every VS Code window of a user can reach (a search index's folder, the right to
// act for all windows): a file `<name>` in a folder they share, naming its process (pid and, where the system tells
// it, when that process started and in which boot, so a pid reused by a later process is no claim) and a token of the
// claim's own. The first to create the file holds it; another finds it held while that process runs. A holder that
// ended without letting go (a crash, a host stopped first) leaves a claim whose process is gone: it is taken over, by
// one claimant at a time (`<name>.takeover`, created exclusively), as windows reopened together race. Not a
// heartbeat: a window that sleeps (a laptop closed) or is busy would miss its beats and lose its claim. Where there
// is no /proc (macOS, Windows) a running pid holds.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A claim (or takeover) file this old that cannot be read is no claim being written: a crash's leftover. */
const UNREADABLE_MS = 60_000;

interface Holder {
  pid: number;
  /** The process's start (clock ticks since boot, Linux); absent where the system does not tell it. */
  started?: number;
  /** The boot it ran in (Linux's boot id): a start counted from another boot may match by chance (a container's). */
  boot?: string;
  token: string;
}

/** Tokens this copy of the module holds: a file naming this pid with a token of none is another copy's or a leftover. */
const held = new Set<string>();

export class ProcessClaim {
  private constructor(
    private readonly file: string,
    private readonly token: string,
  ) {}

  /** The claim on `folder/name`, or undefined while another holds it. Throws when the folder cannot be written. */
  static claim(folder: string, name: string): ProcessClaim | undefined {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const file = join(folder, name);
    const mine = ProcessClaim.create(file);
    if (mine !== 'exists') return mine;
    if (holds(file)) return undefined;
    // Its holder is gone. Windows reopened together all see that: the one that creates the takeover file looks
    // again and takes it; the others find it held.
    const takeover = join(folder, `${name}.takeover`);
    try {
      writeFileSync(takeover, String(process.pid), { flag: 'wx', mode: 0o600 });
    } catch {
      if (!recent(takeover)) rmSync(takeover, { force: true });
      return undefined;
    }
    try {
      if (holds(file)) return undefined;
      rmSync(file, { force: true });
      const taken = ProcessClaim.create(file);
      return taken === 'exists' ? undefined : taken;
    } finally {
      rmSync(takeover, { force: true });
    }
  }

  private static create(file: string): ProcessClaim | 'exists' {
    const token = randomUUID();
    const boot = bootId();
    const holder: Holder = { pid: process.pid, token, ...startOf(process.pid), ...(boot && { boot }) };
    try {
      writeFileSync(file, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
      throw err;
    }
    held.add(token);
    return new ProcessClaim(file, token);
  }

  /** Whether the file still names this claim (it may have been removed by hand, or taken over meanwhile). */
  stillHeld(): boolean {
    return readHolder(this.file)?.token === this.token;
  }

  /** Lets go (the file is removed only if it is still this claim's). */
  release(): void {
    held.delete(this.token);
    if (this.stillHeld()) rmSync(this.file, { force: true });
  }
}

/** Whether the file names a claim in force: of this process, of a process that runs, or one being written. */
function holds(file: string): boolean {
  const holder = readHolder(file);
  if (!holder) return recent(file);
  // A claim of another boot: its process is gone, whatever runs under its pid now.
  const boot = bootId();
  if (holder.boot !== undefined && boot !== undefined && holder.boot !== boot) return false;
  const { started } = startOf(holder.pid);
  // This pid: a claim of this copy of the module, or of another copy in this very process (a second window's parts
  // in one test host bundle the module again) when it started when this process did; else an earlier process's.
  if (holder.pid === process.pid) return held.has(holder.token) || (holder.started !== undefined && started === holder.started);
  // The pid runs: the holder's own process only if it started when the holder's did.
  return processRuns(holder.pid) && (holder.started === undefined || started === undefined || started === holder.started);
}

function readHolder(file: string): Holder | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder> & { start?: unknown };
    // A real process's pid only: kill(0 or -1, 0) signals a group or every process and succeeds, which would read as a
    // holder that runs for ever.
    if (typeof value.pid !== 'number' || !Number.isSafeInteger(value.pid) || value.pid <= 0 || typeof value.token !== 'string')
      return undefined;
    // Earlier versions wrote the start as a string under `start`.
    const started =
      typeof value.started === 'number'
        ? value.started
        : typeof value.start === 'string' && /^\d{1,15}$/.test(value.start)
          ? Number(value.start)
          : NaN;
    const boot = typeof (value as { boot?: unknown }).boot === 'string' ? (value as { boot: string }).boot : undefined;
    return { pid: value.pid, token: value.token, ...(Number.isFinite(started) && { started }), ...(boot && { boot }) };
  } catch {
    return undefined;
  }
}

/**
 * When a process started, in clock ticks since boot (Linux: /proc/<pid>/stat, field 22; counted after the command's
 * name, which ends at the last `)` and may hold spaces and parentheses), or nothing where unknown.
 */
export function startOf(pid: number): { started?: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Field 3 (the state) is fields[0]: field 22 is fields[19].
    const started = Number(fields[19]);
    return Number.isSafeInteger(started) && started >= 0 ? { started } : {};
  } catch {
    return {};
  }
}

let boot: string | null | undefined;

/** This boot's id (Linux), read once; undefined where the system does not tell it. */
export function bootId(): string | undefined {
  if (boot === undefined) {
    try {
      boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().slice(0, 64) || null;
    } catch {
      boot = null;
    }
  }
  return boot ?? undefined;
}

/** Written less than a minute ago (a claim or takeover being written). A file gone meanwhile is not. */
function recent(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < UNREADABLE_MS;
  } catch {
    return false;
  }
}

/**
 * Runs as this user. EPERM means it runs as someone else: not this user's service (a pid reused by another
 * user's process), so it does not count.
 */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// One of several VS Code windows on a machine acts for all of them: the one holding an owner file in the extension's
// global storage folder (shared by every window of the user). The file names its process (pid and, where the
// system tells it, the process's start time, so a pid reused by a later process is no claim) and a token of this
// holder's own. A holder whose process is gone (a crash, a window closed without letting go) is taken over by one
// window at a time (`<name>.takeover`, created exclusively), as windows reopened together race.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processRuns } from '../client/discovery/serviceRegistration';

/** A file this old that cannot be read is no claim being written: a crash's leftover. */
const UNREADABLE_MS = 60_000;
/** How often a window that does not hold the file looks whether its holder is gone. */
const LOOK_EVERY_MS = 1_000;

interface Holder {
  pid: number;
  /** The process's start (clock ticks since boot, Linux); absent where the system does not tell it. */
  started?: number;
  token: string;
}

/** Tokens this process holds: a file naming this pid with another token is a leftover of an earlier process. */
const held = new Set<string>();

export class OwnerFile {
  private readonly file: string;
  private readonly takeoverFile: string;
  private token: string | undefined;
  private lookedAt = -Infinity;

  constructor(
    private readonly folder: string,
    name: string,
  ) {
    this.file = join(folder, name);
    this.takeoverFile = join(folder, `${name}.takeover`);
  }

  /**
   * Whether this holder acts now: it holds the file, or just took it (none held it, or its holder's process is
   * gone). A window that does not hold it looks again at most once a second.
   */
  isMine(now = Date.now()): boolean {
    if (this.token !== undefined) {
      if (readHolder(this.file)?.token === this.token) return true;
      // Taken over while this one looked away (its file removed by hand, a clock's leftover): it no longer acts.
      held.delete(this.token);
      this.token = undefined;
    }
    if (now - this.lookedAt < LOOK_EVERY_MS) return false;
    this.lookedAt = now;
    this.token = this.claim();
    return this.token !== undefined;
  }

  /** Lets go (only if the file is still this holder's). */
  release(): void {
    const token = this.token;
    this.token = undefined;
    if (token === undefined) return;
    held.delete(token);
    if (readHolder(this.file)?.token === token) rmSync(this.file, { force: true });
  }

  private claim(): string | undefined {
    try {
      mkdirSync(this.folder, { recursive: true });
    } catch {
      return undefined;
    }
    const mine = this.create();
    if (typeof mine !== 'object') return mine;
    if (holds(this.file)) return undefined;
    try {
      writeFileSync(this.takeoverFile, String(process.pid), { flag: 'wx' });
    } catch {
      if (!recent(this.takeoverFile)) rmSync(this.takeoverFile, { force: true });
      return undefined;
    }
    try {
      if (holds(this.file)) return undefined;
      rmSync(this.file, { force: true });
      const taken = this.create();
      return typeof taken === 'object' ? undefined : taken;
    } finally {
      rmSync(this.takeoverFile, { force: true });
    }
  }

  /** The new holder's token; `{exists}` when another holds the file; undefined when it cannot be written. */
  private create(): string | { exists: true } | undefined {
    const token = randomUUID();
    const holder: Holder = { pid: process.pid, token, ...startOf(process.pid) };
    try {
      writeFileSync(this.file, JSON.stringify(holder), { flag: 'wx' });
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EEXIST' ? { exists: true } : undefined;
    }
    held.add(token);
    return token;
  }
}

/** Whether the file names a claim in force: of a holder in this process, of a process that runs, or one being written. */
function holds(file: string): boolean {
  const holder = readHolder(file);
  if (!holder) return recent(file);
  const started = startOf(holder.pid).started;
  const sameStart = holder.started === undefined || started === undefined || started === holder.started;
  // This pid: a holder of this very process (another copy of this code, as a second window's parts in one test
  // host) when it started when this process did; else an earlier process that had the same pid.
  if (holder.pid === process.pid) return held.has(holder.token) || (holder.started !== undefined && started === holder.started);
  // The same pid started at another time is another process: the holder is gone.
  return processRuns(holder.pid) && sameStart;
}

function readHolder(file: string): Holder | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    if (typeof value.pid !== 'number' || typeof value.token !== 'string') return undefined;
    return { pid: value.pid, token: value.token, ...(typeof value.started === 'number' && { started: value.started }) };
  } catch {
    return undefined;
  }
}

/** A process's start time from /proc (Linux): field 22 of its stat, after the command's closing parenthesis. */
export function startOf(pid: number): { started?: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const started = Number(fields[19]);
    return Number.isFinite(started) ? { started } : {};
  } catch {
    return {};
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

// An extension host that stopped answering: the workbench says so in its log ("Extension host (Remote) is
// unresponsive."); at the first such line its main thread is profiled (hostProfiler.ts) into test-results/. After
// HUNG_MS without "is responsive." again it is profiled once more and judged (hostBusy.ts): a host whose own thread
// works fails the run, naming the code, rather than wait for the stage's timeout with nothing to show; an idle one
// is behind a stalled connection (the client reconnects) and is waited for, looked at again every HUNG_MS.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness/paths';
import { hostVerdict, type CpuProfile } from './hostBusy';

/** How long a host may stay unresponsive before the run is failed (no test holds the host for seconds). */
export const HUNG_MS = 3 * 60_000;

/** The extension hosts among `root`'s descendants (Linux /proc). */
export function extensionHostPids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The parent is the 4th field after the command's closing parenthesis (the command may hold spaces).
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // Ended meanwhile.
    }
  }
  const hosts: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    for (const child of children.get(pid) ?? []) {
      stack.push(child);
      try {
        if (readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('--type=extensionHost')) hosts.push(child);
      } catch {
        // Ended meanwhile.
      }
    }
  }
  return hosts;
}

/** A profile of the host's main thread and the profiler's printed summary; no profile where none could be taken. */
export interface HostLook {
  profile?: CpuProfile;
  summary: string;
}

/** What the watch needs of the world: a look at the host, and a timer (a test gives both). */
export interface HostWatchDeps {
  look(): Promise<HostLook>;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
  /** Says that the host was found idle and is waited for. */
  waiting(text: string): void;
}

/** Looks in a row without a profile before a stage is failed all the same. */
export const MAX_UNPROFILED = 2;

export class StuckHostWatch {
  private unresponsive = false;
  /** Counts the spells of unresponsiveness: a look that outlived its spell decides nothing. */
  private spell = 0;
  private timer?: unknown;
  private profiled = false;
  private disposed = false;
  /** Looks in a row, in this spell, that got no profile (a thread blocked in native code cannot be profiled). */
  private unprofiled = 0;

  constructor(
    private readonly deps: HostWatchDeps,
    private readonly shown: string,
    private readonly onHung: (error: Error) => void,
  ) {}

  /** Feeds a line of the workbench's log. */
  line(text: string): void {
    if (!text.includes('Extension host (Remote) is')) return;
    if (text.includes('is responsive')) {
      this.unresponsive = false;
      this.deps.clearTimer(this.timer);
      this.timer = undefined;
      return;
    }
    if (!text.includes('is unresponsive') || this.unresponsive) return;
    this.unresponsive = true;
    this.spell++;
    this.unprofiled = 0;
    // The first look, while it is fresh: printed and kept in test-results/ whatever is decided.
    if (!this.profiled) {
      this.profiled = true;
      void this.deps.look();
    }
    this.arm();
  }

  dispose(): void {
    this.disposed = true;
    this.deps.clearTimer(this.timer);
  }

  private arm(): void {
    this.timer = this.deps.setTimer(() => void this.judge(), HUNG_MS);
  }

  /** Still unresponsive after HUNG_MS: a fresh look decides. */
  private async judge(): Promise<void> {
    this.timer = undefined;
    const spell = this.spell;
    const look = await this.deps.look();
    if (this.disposed || !this.unresponsive || spell !== this.spell) return;
    const verdict = look.profile ? hostVerdict(look.profile) : undefined;
    const idle = verdict ? `${(100 * verdict.idle).toFixed(0)} % idle` : 'not profiled';
    if (verdict?.busy) {
      this.onHung(
        new Error(
          `the extension host's own thread was busy for ${HUNG_MS / 60_000} min (${idle}), in ${verdict.top ?? '(no frame)'} (profile: ${this.shown})\n${look.summary}`,
        ),
      );
      return;
    }
    // No profile twice in a row: a thread that cannot even be profiled (blocked in native code) is not waited for
    // until the stage's timeout (35 minutes).
    this.unprofiled = look.profile ? 0 : this.unprofiled + 1;
    if (this.unprofiled >= MAX_UNPROFILED) {
      this.onHung(
        new Error(
          `the extension host was unresponsive for ${((HUNG_MS / 60_000) * (this.unprofiled + 1)).toFixed(0)} min and could not be profiled ${this.unprofiled} times (profile: ${this.shown})\n${look.summary}`,
        ),
      );
      return;
    }
    // Idle, or no profile yet to say it works: a stalled connection the client reconnects; looked at again.
    this.deps.waiting(`the extension host is unresponsive to the workbench but ${idle}: waiting for the client to reconnect`);
    this.arm();
  }
}

/** The watch's world in a real run: the host among the VS Code server's descendants, profiled by Node 24. */
export function hostLooks(
  server: { pid: number; node24: string },
  file: string,
  say: { summary(text: string): void; waiting(text: string): void },
): HostWatchDeps {
  return {
    look: () =>
      new Promise<HostLook>((resolve) => {
        const [pid] = extensionHostPids(server.pid);
        if (pid === undefined) return resolve({ summary: 'could not profile it: no extension host process' });
        const script = join(repoRoot(), 'out', 'test', 'vscode-server', 'hostProfiler.js');
        execFile(server.node24, [script, String(pid), '10', file], { timeout: 60_000 }, (error, stdout, stderr) => {
          const summary = error && !stdout ? `could not profile it: ${error.message.split('\n')[0]}` : `${stdout}${stderr}`.trim();
          say.summary(summary);
          let profile: CpuProfile | undefined;
          try {
            profile = error ? undefined : (JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
          } catch {
            profile = undefined;
          }
          resolve({ ...(profile ? { profile } : {}), summary });
        });
      }),
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout | undefined),
    waiting: (text) => say.waiting(text),
  };
}

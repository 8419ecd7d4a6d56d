// An extension host that stopped answering: the workbench says so in its log ("Extension host (Remote) is
// unresponsive."); at the first such line its main thread is profiled (hostProfiler.ts) into test-results/, and
// after HUNG_MS without "is responsive." again the run is failed with what the profile says, rather than wait for
// the stage's timeout with nothing to show.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness/paths';

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

export class StuckHostWatch {
  private since?: number;
  private profiled = false;
  private timer?: NodeJS.Timeout;
  private summary = '';

  constructor(
    private readonly server: { pid: number; node24: string },
    private readonly out: { file: string; shown: string; summary: (text: string) => void },
    private readonly onHung: (error: Error) => void,
  ) {}

  /** Feeds a line of the workbench's log. */
  line(text: string): void {
    if (!text.includes('Extension host (Remote) is')) return;
    if (text.includes('is responsive')) {
      this.since = undefined;
      clearTimeout(this.timer);
      return;
    }
    if (!text.includes('is unresponsive') || this.since !== undefined) return;
    this.since = Date.now();
    if (!this.profiled) {
      this.profiled = true;
      this.profile();
    }
    this.timer = setTimeout(
      () =>
        this.onHung(
          new Error(
            `the extension host did not answer for ${HUNG_MS / 60_000} min (profile: ${this.out.shown})\n${this.summary || '(no profile)'}`,
          ),
        ),
      HUNG_MS,
    );
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private profile(): void {
    const [pid] = extensionHostPids(this.server.pid);
    if (pid === undefined) return;
    const script = join(repoRoot(), 'out', 'test', 'vscode-server', 'hostProfiler.js');
    execFile(this.server.node24, [script, String(pid), '10', this.out.file], { timeout: 60_000 }, (error, stdout, stderr) => {
      this.summary = error && !stdout ? `could not profile it: ${error.message.split('\n')[0]}` : `${stdout}${stderr}`.trim();
      this.out.summary(this.summary);
    });
  }
}

// Three VS Code windows on one server's content index (a second and a third window share the first's), each its own
// process (searchWindow.ts), so each one's CPU and memory are its own: the first opens the index the build saved and
// serves it (as a window reloaded on it does), the second and third follow it over its socket. Measured: the time
// from an indexer's start until its first search answers (goal ≤ 2 s for the followers); a follower's CPU until then
// and for the timed queries against the first build's CPU (goal ≤ 10 %); what the first window's process spent
// answering their queries; the memory each window's process grew by for search (RSS after a collection, all three
// open) and all three against the first's (goal ≤ ×1.5); and the hits of the same queries in every window
// (identical, or this throws).
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { WindowAsk, WindowCompared, WindowMemory, WindowRan, WindowStarted } from './searchWindow';

class Window {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(readonly name: string) {
    this.child = fork(join(__dirname, 'searchWindow.js'), [], {
      execArgv: ['--expose-gc', '--enable-source-maps'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  ask<T>(message: WindowAsk): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${this.name} exited (${code}) while asked to ${message.ask}`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: { value?: unknown; error?: string }) => {
        this.child.off('exit', onExit);
        if (reply.error !== undefined) reject(new Error(`${this.name}: ${reply.error}`));
        else resolve(reply.value as T);
      });
      this.child.send(message);
    });
  }

  /** Asks the window to close; one that has not exited 30 s later is killed (the bench never hangs on it). */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const killLater = setTimeout(() => this.kill(), 30_000);
    try {
      await this.ask({ ask: 'close' }).catch(() => this.child.kill());
      await this.exited;
    } finally {
      clearTimeout(killLater);
    }
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }
}

const ms = (x: number) => x.toFixed(0);

/**
 * The three windows on `folder` (saved, no indexer holding it): `timed` are the queries whose p95 and CPU are
 * measured, `compared` those whose hits must be the same everywhere; `buildCpuMs` the first build's CPU.
 */
export async function runSearchWindows(
  url: string,
  folder: string,
  timed: string[],
  compared: string[],
  buildCpuMs: number,
): Promise<void> {
  const windows: Window[] = [];
  const open = async (name: string) => {
    const window = new Window(name);
    windows.push(window);
    return { window, started: await window.ask<WindowStarted>({ ask: 'start', url, folder, first: timed[0] }) };
  };
  try {
    console.log('  three windows on one index, each its own process (the first opens the saved index and serves it):');
    const first = await open('window 1');
    if (first.started.following) throw new Error('window 1 follows another: the folder was still held');
    const firstRan = await first.window.ask<WindowRan>({ ask: 'queries', timed });
    const followers = [await open('window 2'), await open('window 3')];
    for (const f of followers) if (!f.started.following) throw new Error(`${f.window.name} keeps its own index instead of following`);
    console.log(
      `    window 1, loading the saved index: first search after ${ms(first.started.firstMs)} ms, CPU ${ms(first.started.firstCpuMs)} ms; query p95 ${firstRan.p95.toFixed(2)} ms`,
    );
    console.log(
      `    windows 2 and 3, first search answers after ${followers.map((f) => ms(f.started.firstMs)).join(' and ')} ms (goal ≤ 2 000 ms)`,
    );
    const ownerBefore = await first.window.ask<number>({ ask: 'cpu' });
    const ran: WindowRan[] = [];
    for (const f of followers) ran.push(await f.window.ask<WindowRan>({ ask: 'queries', timed }));
    const ownerServing = (await first.window.ask<number>({ ask: 'cpu' })) - ownerBefore;
    console.log(
      `    windows 2 and 3, query p95 ${ran.map((r) => r.p95.toFixed(2)).join(' and ')} ms (p50 ${ran.map((r) => r.p50.toFixed(2)).join(' and ')} ms; window 1's own p95 ${firstRan.p95.toFixed(2)} ms)`,
    );
    const cpus = followers.map((f, i) => f.started.firstCpuMs + ran[i].cpuMs);
    const share = (c: number) => `${((100 * c) / buildCpuMs).toFixed(1)} %`;
    console.log(
      `    windows 2 and 3, CPU for search in their processes: until the first search ${followers.map((f) => ms(f.started.firstCpuMs)).join(' and ')} ms + ${timed.length} queries ${ran.map((r) => ms(r.cpuMs)).join(' and ')} ms = ${cpus.map(ms).join(' and ')} ms: ${cpus.map(share).join(' and ')} of the first build's ${ms(buildCpuMs)} ms (goal ≤ 10 %)`,
    );
    console.log(
      `    window 1's process answering their queries (${timed.length + 20} each, warm-up included): ${ms(ownerServing)} ms of CPU (its own ${timed.length}: ${ms(firstRan.cpuMs)} ms); each follower with its share of that: ${cpus.map((c) => share(c + ownerServing / 2)).join(' and ')} of the build's`,
    );
    const memory: WindowMemory[] = [];
    for (const w of windows) memory.push(await w.ask<WindowMemory>({ ask: 'memory' }));
    const all = memory.reduce((sum, m) => sum + m.rssMb, 0);
    console.log(
      `    memory for search, each process's RSS growth after a collection, all three open: ${memory.map((m) => m.rssMb.toFixed(1)).join(' / ')} MB: three windows ×${(all / memory[0].rssMb).toFixed(2)} of one (goal ≤ ×1.5); main-thread heap growth ${memory.map((m) => m.heapMb.toFixed(1)).join(' / ')} MB (window 1's index is in its worker's heap)`,
    );
    const answers: WindowCompared[] = [];
    for (const w of windows) answers.push(await w.ask<WindowCompared>({ ask: 'compare', compared }));
    for (let q = 0; q < compared.length; q++)
      for (let w = 1; w < answers.length; w++)
        if (answers[w].digests[q] !== answers[0].digests[q])
          throw new Error(`window ${w + 1} answers ${JSON.stringify(compared[q])} with other hits than window 1`);
    console.log(`    the same hits in the three windows for all ${compared.length} queries (${answers[0].hits} hits, scores aside)`);
    // Followers first: the first closing lets them take the folder over.
    for (const w of windows.slice(1).reverse()) await w.close();
    await windows[0].close();
  } finally {
    for (const w of windows) w.kill();
  }
}

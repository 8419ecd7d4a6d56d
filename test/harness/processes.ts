// Every child process the harness starts is registered here, so that a failing test, Ctrl+C or an
// uncaught error never leaves an `opencode serve` or a VS Code server running.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const live = new Set<ChildProcess>();
let hooked = false;

export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  hookExit();
  // A process group of its own, so stop() also reaches grandchildren (code-server forks).
  const child = spawn(command, args, { ...options, detached: true });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** SIGTERM the process group, then SIGKILL after `graceMs` if it is still there. */
export async function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    live.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // Forked grandchildren may outlive the leader; the group is gone only when they are too.
  signalGroup(child, 'SIGKILL');
  live.delete(child);
}

export function killAllTracked(): void {
  for (const child of live) signalGroup(child, 'SIGKILL');
  live.clear();
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', killAllTracked);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllTracked();
      // A program with its own handler (the demo: it also removes its folders) decides when to exit.
      if (process.listenerCount(signal) === 0) process.exit(130);
    });
  }
}

/** Resolves with the first match of `pattern` on the child's output; rejects if it exits or times out first. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number, label: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-20_000);
      const match = seen.match(pattern);
      if (match) finish(() => resolve(match));
    };
    const onExit = (code: number | null) =>
      finish(() => reject(new Error(`${label} exited (${code}) before ready:\n${seen.slice(-3000)}`)));
    const timer = setTimeout(
      () => finish(() => reject(new Error(`${label} not ready after ${timeoutMs} ms:\n${seen.slice(-3000)}`))),
      timeoutMs,
    );
    const finish = (then: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      then();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

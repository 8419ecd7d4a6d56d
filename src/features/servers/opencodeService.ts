// OpenCode 2's per-user service, started the way OpenCode's own client starts it (packages/client/src/
// service-probe.ts@1066927 and its `ensure()`: `opencode serve --service`, detached, then found through its registration),
// so the terminal's TUI and VS Code share one server and its sessions. `opencode service start` is not used: a
// from-source build cannot re-spawn itself through it. Pure Node (no `vscode`).
import { execFile, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findService, type FindOptions, type FoundService } from '../../client/beforeConnection';

/** Which generation `opencode --version` names: "1.18.33", "opencode v2.0.0-src.b6226260", "2.0.1". */
export function versionGeneration(output: string): 'v1' | 'v2' | undefined {
  // Matched only where a run of digits starts, each part at most 6 digits: `(\d+)\.\d+\.\d+` backtracked over every
  // start in a run of digits (a wrapper's 100 KB of them took 10 s).
  const match = /(?<!\d)(\d{1,6})\.\d{1,6}\.\d/.exec(output);
  if (!match) return undefined;
  return Number(match[1]) >= 2 ? 'v2' : 'v1';
}

/** Runs `binary --version` (a few seconds at most); undefined when it says nothing we can read. */
export function binaryGeneration(binary: string, env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<'v1' | 'v2' | undefined> {
  return new Promise((resolve) => {
    const windowsScript = process.platform === 'win32' && /\.(cmd|bat)$/i.test(binary);
    execFile(
      windowsScript ? `"${binary}"` : binary,
      ['--version'],
      { env, timeout: timeoutMs, windowsHide: true, shell: windowsScript },
      (error, stdout) => resolve(error ? undefined : versionGeneration(String(stdout))),
    );
  });
}

export interface StartServiceOptions {
  binary: string;
  /** The environment it runs with (an allowlist: see embeddedServer's inheritedEnv); XDG_STATE_HOME decides where it registers. */
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** How registrations are read (tests). */
  find?: FindOptions;
}

/**
 * Starts `opencode serve --service` and resolves with the service once its registration is confirmed. The
 * process is detached and outlives VS Code, as OpenCode's own service does (the TUI may be using it). If a
 * service already runs, `serve --service` finds it and exits 0: that one is returned.
 */
export async function startService(options: StartServiceOptions): Promise<FoundService> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  // Its output goes to a private file: a pipe would break once VS Code is gone, and the file says why it failed.
  const logFile = join(mkdtempSync(join(tmpdir(), 'opencode-service-')), 'output.log');
  const out = openSync(logFile, 'a', 0o600);
  let exit: number | string | undefined;
  let spawnError: string | undefined;
  try {
    const windowsScript = process.platform === 'win32' && /\.(cmd|bat)$/i.test(options.binary);
    const child = spawn(windowsScript ? `"${options.binary}"` : options.binary, ['serve', '--service'], {
      cwd: homedir(),
      env: options.env,
      detached: true,
      stdio: ['ignore', out, out],
      windowsHide: true,
      shell: windowsScript,
    });
    child.once('error', (err) => (spawnError = err.message));
    child.once('exit', (code, sig) => (exit = code ?? sig ?? undefined));
    child.unref();
  } finally {
    closeSync(out);
  }
  const started = Date.now();
  let unconfirmed: string;
  for (;;) {
    if (options.signal?.aborted) throw new Error('Cancelled.');
    if (spawnError) throw new Error(`could not run opencode: ${spawnError}`);
    const found = await findService({ env: options.env, ...options.find });
    if (found.service) {
      try {
        rmSync(dirname(logFile), { recursive: true, force: true });
      } catch {
        // Windows: the service holds the file open; a temp file left behind is harmless.
      }
      return found.service;
    }
    unconfirmed = found.unconfirmed ? ` Its registration does not confirm it: ${found.unconfirmed.reason}.` : '';
    // Exit 0 is `serve --service` handing over to a service that already runs: keep looking for it.
    if (exit !== undefined && exit !== 0)
      throw new Error(`opencode serve --service exited (${exit}) before it registered.${tail(logFile)}`);
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `opencode serve --service did not register in service.json within ${timeoutMs / 1000} s.${unconfirmed}${tail(logFile)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function tail(file: string): string {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return text ? `\n${text.split('\n').slice(-10).join('\n')}` : '';
  } catch {
    return '';
  }
}

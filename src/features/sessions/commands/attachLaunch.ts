// How *Open in Terminal* starts `opencode attach URL --session ID` without the server password in any
// terminal state. A terminal's `env` is kept by VS Code (state.vscdb, plain text) and handed to every
// extension (`terminal.creationOptions`); argv shows in `ps`. So the terminal runs a tiny Node launcher
// (VS Code's own runtime, ELECTRON_RUN_AS_NODE) from a fresh private folder (mkdtemp: 0700, the file 0600;
// on Windows the user's own temp folder). The launcher reads the plan and password from its folder,
// deletes the folder at once, and starts opencode with the password in that child's environment only.
// No shell parses anything: the terminal gets an argv array, and the launcher spawns one (on Windows a
// .cmd shim needs cmd.exe, so its arguments are double-quoted after refusing the characters cmd expands).
// Pure (no `vscode`), so it is unit-tested.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** OpenCode's session ids (`ses_` then letters and digits); anything else from a server is refused. */
const SESSION_ID = /^ses_[A-Za-z0-9_]{1,120}$/;

export class AttachRefused extends Error {}

/** The session id, or an AttachRefused that says why (before any command is built). */
export function checkedSessionId(id: string): string {
  if (!SESSION_ID.test(id)) {
    throw new AttachRefused(
      `The server gave the session id ${JSON.stringify(id.slice(0, 80))}, which is not an OpenCode session id (ses_ followed by letters and digits); it is not passed to a terminal.`,
    );
  }
  return id;
}

/** What the launcher spawns: no shell, except cmd.exe for a Windows .cmd/.bat (with verbatim, quoted args). */
export interface AttachPlan {
  command: string;
  args: string[];
  verbatim: boolean;
}

export function attachPlan(
  binary: string,
  url: string,
  sessionId: string,
  platform: NodeJS.Platform = process.platform,
  comSpec = process.env.ComSpec,
): AttachPlan {
  const args = ['attach', checkedUrl(url), '--session', checkedSessionId(sessionId)];
  if (platform !== 'win32' || !/\.(cmd|bat)$/i.test(binary)) return { command: binary, args, verbatim: false };
  // What Node does for `shell: true`, with each argument in double quotes: inside them cmd takes & | < >
  // literally; only " % ^ ! and line breaks could still act, and those are refused.
  const line = [binary, ...args].map(cmdQuoted).join(' ');
  return { command: comSpec || 'cmd.exe', args: ['/d', '/s', '/c', `"${line}"`], verbatim: true };
}

function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AttachRefused(`The server URL ${JSON.stringify(url)} is not a URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AttachRefused(`The server URL ${JSON.stringify(url)} is not http(s).`);
  }
  return url;
}

function cmdQuoted(value: string): string {
  if (/["%^!\r\n]/.test(value)) {
    throw new AttachRefused(
      `Cannot pass ${JSON.stringify(value)} to cmd.exe safely (it holds " % ^ ! or a line break); set opencodeSessions.localServer.binaryPath to opencode.exe.`,
    );
  }
  return `"${value}"`;
}

/** The terminal's options: the launcher under VS Code's own Node, never restored after a reload. */
export function launcherTerminal(
  launcher: string,
  execPath = process.execPath,
): {
  shellPath: string;
  shellArgs: string[];
  env: Record<string, string>;
  isTransient: true;
} {
  return { shellPath: execPath, shellArgs: [launcher], env: { ELECTRON_RUN_AS_NODE: '1' }, isTransient: true };
}

export interface PreparedLaunch {
  /** The launcher script's path (the terminal's only argument). */
  launcher: string;
  /** Removes the folder if the launcher has not (terminal never started); safe to call twice. */
  cleanup: () => void;
}

/** Writes the launcher and its plan into a new private folder. */
export function prepareLaunch(plan: AttachPlan, password: string | undefined, parent = tmpdir()): PreparedLaunch {
  const dir = mkdtempSync(join(parent, 'ocs-attach-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    writeFileSync(join(dir, 'attach.json'), JSON.stringify({ ...plan, password }), { mode: 0o600, flag: 'wx' });
    writeFileSync(join(dir, 'launch.js'), LAUNCHER, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    cleanup();
    throw err;
  }
  return { launcher: join(dir, 'launch.js'), cleanup };
}

// Runs as the terminal's process. Ctrl+C reaches opencode directly (same process group); the launcher
// ignores it and ends with opencode's exit code. A start failure stays readable in the terminal.
const LAUNCHER = `'use strict';
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
let plan;
try {
  plan = JSON.parse(fs.readFileSync(path.join(__dirname, 'attach.json'), 'utf8'));
} finally {
  fs.rmSync(__dirname, { recursive: true, force: true });
}
const env = Object.assign({}, process.env);
delete env.ELECTRON_RUN_AS_NODE;
if (plan.password) env.OPENCODE_SERVER_PASSWORD = plan.password;
const child = spawn(plan.command, plan.args, { stdio: 'inherit', env, windowsVerbatimArguments: plan.verbatim });
process.on('SIGINT', () => undefined);
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (err) => {
  console.error('Cannot start ' + plan.command + ': ' + err.message);
  process.exitCode = 1;
});
child.on('exit', (code) => process.exit(code === null ? 1 : code));
`;

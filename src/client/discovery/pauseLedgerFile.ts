// The ledger of budget pauses (store/pauseGate.ts) as a file beside the windows' endpoint entries: written by the
// window that acts on pauses, read by the OpenCode plugin when no window answers (VS Code closed or busy). The same
// folder rules as the entries: this user's own, private. Node built-ins only: the plugin bundles this file too.
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPauseLedger, type PauseLedger } from '../../store/pauseGate';
import { CREATED_MARKER, endpointDirProblem } from './endpointDiscovery';

const LEDGER = 'budget-pauses.json';
/** A ledger is small (at most 500 pauses): a larger file is not one this extension wrote. */
const MAX_BYTES = 1_000_000;

export function ledgerFile(dir: string): string {
  return join(dir, LEDGER);
}

/** Writes the ledger atomically, readable by this user only. */
export function writePauseLedger(dir: string, ledger: PauseLedger): void {
  if (mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) writeFileSync(join(dir, CREATED_MARKER), '', { mode: 0o600 });
  const problem = endpointDirProblem(dir);
  if (problem) throw new Error(`the endpoints folder cannot be used: ${problem}`);
  const file = ledgerFile(dir);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(ledger), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/** The ledger, if the folder is this user's own and the file a plain one of theirs that reads as one. */
export function readPauseLedgerFile(dir: string): PauseLedger | undefined {
  if (endpointDirProblem(dir)) return undefined;
  const file = ledgerFile(dir);
  try {
    const stat = lstatSync(file);
    const uid = process.getuid?.();
    if (!stat.isFile() || (uid !== undefined && stat.uid !== uid) || stat.size > MAX_BYTES) return undefined;
    return readPauseLedger(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

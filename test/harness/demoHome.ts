// Where the demo's OpenCode servers keep their HOME: in memory (/dev/shm) where the machine has it. Each HOME holds
// ~4 000 files (the plugin dependencies OpenCode installs into every HOME, its snapshots, the sample projects' git);
// removing two such HOMEs from a disk other test runs kept busy took 9–11 s each, most of Ctrl+C's 18–22 s.
import { accessSync, constants, mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MEMORY = '/dev/shm';
/** Two HOMEs hold over 128 MB (64 MB of plugin dependencies each); a container's /dev/shm is often 64 MB (Docker's default): the disk then. */
const ROOM_BYTES = 1024 ** 3;

/** Every HOME handed out by this process: removed by removeDemoHomes when the demo stops before its servers do. */
const made = new Set<string>();

/** A fresh, empty folder for one demo server's HOME (its server removes it when disposed). */
export function demoHome(): string {
  const home = mkdtempSync(join(inMemory() ? MEMORY : tmpdir(), 'ocs-opencode-home-'));
  made.add(home);
  return home;
}

/**
 * Removes every HOME this process made that is still there: a Ctrl+C while the demo starts, or a start that failed,
 * ends the process before any server removes its own (in memory, it would hold RAM until the machine restarts).
 */
export function removeDemoHomes(): void {
  for (const home of made) rmSync(home, { recursive: true, force: true });
  made.clear();
}

function inMemory(): boolean {
  try {
    accessSync(MEMORY, constants.W_OK);
    const room = statfsSync(MEMORY);
    return statSync(MEMORY).isDirectory() && room.bavail * room.bsize >= ROOM_BYTES;
  } catch {
    return false;
  }
}

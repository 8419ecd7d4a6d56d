// Where the demo's OpenCode servers keep their HOME: in memory (/dev/shm) where the machine has it. Each HOME holds
// ~4 000 files (the plugin dependencies OpenCode installs into every HOME, its snapshots, the sample projects' git);
// removing two such HOMEs from a disk other test runs kept busy took 9–11 s each, most of Ctrl+C's 18–22 s.
import { accessSync, constants, mkdtempSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MEMORY = '/dev/shm';
/** Two HOMEs hold over 128 MB (64 MB of plugin dependencies each); a container's /dev/shm is often 64 MB (Docker's default): the disk then. */
const ROOM_BYTES = 1024 ** 3;

/** A fresh, empty folder for one demo server's HOME (its server removes it when disposed). */
export function demoHome(): string {
  return mkdtempSync(join(inMemory() ? MEMORY : tmpdir(), 'ocs-opencode-home-'));
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

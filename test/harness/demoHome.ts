// Where the demo's OpenCode servers keep their HOME: in memory (/dev/shm) where the machine has it. Each HOME holds
// ~4 000 files (the plugin dependencies OpenCode installs into every HOME, its snapshots, the sample projects' git);
// removing two such HOMEs from a disk other test runs kept busy took 9–11 s each, most of Ctrl+C's 18–22 s.
import { accessSync, constants, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MEMORY = '/dev/shm';

/** A fresh, empty folder for one demo server's HOME (its server removes it when disposed). */
export function demoHome(): string {
  return mkdtempSync(join(inMemory() ? MEMORY : tmpdir(), 'ocs-opencode-home-'));
}

function inMemory(): boolean {
  try {
    accessSync(MEMORY, constants.W_OK);
    return statSync(MEMORY).isDirectory();
  } catch {
    return false;
  }
}

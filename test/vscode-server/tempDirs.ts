// Work folders for VS Code servers and browsers. Removed by their owner's stop()/close(); the exit
// hook covers Ctrl+C, where the harness's signal handler calls process.exit() before any finally.
import { rmSync } from 'node:fs';
import { freshDir } from '../harness/paths';

const live = new Set<string>();
let hooked = false;

export function tempDir(prefix: string): string {
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const dir of live) rmSync(dir, { recursive: true, force: true });
    });
  }
  const dir = freshDir(prefix);
  live.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  live.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** Leave `dir` on disk (e.g. to read a server's logs after a run). */
export function keepTempDir(dir: string): void {
  live.delete(dir);
}

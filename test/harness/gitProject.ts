// A project folder that is a git repository: OpenCode records what a turn changed (its snapshots and the
// per-turn diffs) only in git projects.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Harness } from './scenario';

export function gitProject({ server }: Harness, name: string, files: Record<string, string> = {}): string {
  const dir = server.projectDir(name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'start');
  return dir;
}

/** Thirty numbered lines: an edit of one line is easy to check. */
export const NUMBERED = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

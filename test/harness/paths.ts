import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

let root: string | undefined;

/** The repository root, found from wherever the bundled test file runs (out/…, inside VS Code, …). */
export function repoRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'opencode-sessions') return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root above ${__dirname}`);
    dir = parent;
  }
}

/** A fresh folder for one server or VS Code instance: under $TMPDIR, removed by its owner. */
export function freshDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ocs-${prefix}-`));
}

export function opencodeBinary(): string {
  return process.env.OPENCODE_BIN || join(repoRoot(), 'node_modules', '.bin', 'opencode');
}

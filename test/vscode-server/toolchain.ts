// The Node 24 + VS Code server toolchain the test runners and the demo use, installed once into <repo>/.cache by
// scripts/toolchain.mjs (plain JavaScript, so that scripts/setup.sh can start it before node_modules exist).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness/paths';
import { CODE_SERVER_VERSION, installToolchain } from '../../scripts/toolchain.mjs';

export { CODE_SERVER_VERSION };

export interface Toolchain {
  /** Node 24 binary (code-server refuses other majors). */
  node24: string;
  /** The raw VS Code server entry point bundled in code-server. */
  serverMain: string;
  /** code-server's own CLI entry point (run it with node24). */
  codeServerBin: string;
  vscodeVersion: string;
}

let pending: Promise<Toolchain> | undefined;

/** The toolchain, installed first if missing (or waited for, when setup.sh's background install is running). */
export function ensureToolchain(): Promise<Toolchain> {
  return (pending ??= installToolchain(repoRoot()).then(({ node24, serverMain, codeServerBin, vscode }) => {
    const { version } = JSON.parse(readFileSync(join(vscode, 'package.json'), 'utf8')) as { version: string };
    return { node24, serverMain, codeServerBin, vscodeVersion: version };
  }));
}

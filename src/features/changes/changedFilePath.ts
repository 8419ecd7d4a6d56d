// Where a changed file named by the server is on this machine, if it is inside the session's folder. Names are
// untrusted: the check is made on real paths (symlinks followed), so a link in the project pointing elsewhere,
// or a `.git` found above the workspace, cannot open a file outside the folder the user opened.
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';

/** Folders a changed file may lie under: each real path walks its whole prefix again, so a deeper one is refused. */
export const MAX_FOLDERS = 128;

/** The real path of `relPath` (as OpenCode names it: from the git root) when it lies inside `directory`; else undefined. */
export function containedChangedFile(directory: string, relPath: string): string | undefined {
  try {
    const folder = realpathSync(path.resolve(directory));
    // OpenCode names files from the root of the git repository, which may be above the session's folder.
    const root = gitRoot(folder);
    const named = path.resolve(root, relPath);
    // Judged by its name before the disk is asked: an absolute or UNC path, or one out of the root, is not opened.
    if (!within(root, named)) return undefined;
    const target = realOrParent(named);
    return target !== undefined && within(folder, target) ? target : undefined;
  } catch {
    return undefined;
  }
}

function within(folder: string, p: string): boolean {
  return p === folder || p.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

const MISSING: unique symbol = Symbol('missing');

/**
 * The real path of `p`, or of its nearest existing parent with the rest appended (a deleted file stays checkable).
 * The whole path first (a file that is there: one call); else the deepest folder that is there, found by halving
 * (every folder above one that is there is there too): a few calls, where one per folder cost the cube of the depth.
 */
function realOrParent(p: string): string | undefined {
  const { root } = path.parse(p);
  const parts = p.slice(root.length).split(path.sep).filter(Boolean);
  if (parts.length > MAX_FOLDERS) return undefined;
  const real = (depth: number): string | typeof MISSING | undefined => {
    try {
      return realpathSync.native(path.join(root, ...parts.slice(0, depth)));
    } catch (error) {
      // Only a folder that is not there counts as missing; any other failure (a name too long, a loop) judges nothing.
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? MISSING : undefined;
    }
  };
  const whole = real(parts.length);
  if (whole !== MISSING) return whole;
  const top = real(0);
  if (typeof top !== 'string') return undefined;
  let there = { depth: 0, real: top };
  let missing = parts.length;
  while (missing - there.depth > 1) {
    const depth = (there.depth + missing) >> 1;
    const found = real(depth);
    if (found === undefined) return undefined;
    if (found === MISSING) missing = depth;
    else there = { depth, real: found };
  }
  return path.join(there.real, ...parts.slice(there.depth));
}

/** The nearest folder at or above `dir` with a `.git`, else `dir` itself. */
function gitRoot(dir: string): string {
  for (let cur = dir; ; cur = path.dirname(cur)) {
    if (existsSync(path.join(cur, '.git'))) return cur;
    if (path.dirname(cur) === cur) return dir;
  }
}

// Where a changed file named by the server is on this machine, if it is inside the session's folder. Names are
// untrusted: the check is made on real paths (symlinks followed), so a link in the project pointing elsewhere,
// or a `.git` found above the workspace, cannot open a file outside the folder the user opened.
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';

/** The real path of `relPath` (as OpenCode names it: from the git root) when it lies inside `directory`; else undefined. */
export function containedChangedFile(directory: string, relPath: string): string | undefined {
  let folder: string;
  try {
    folder = realpathSync(path.resolve(directory));
  } catch {
    return undefined;
  }
  // OpenCode names files from the root of the git repository, which may be above the session's folder.
  const target = realOrParent(path.resolve(gitRoot(folder), relPath));
  return target !== undefined && (target === folder || target.startsWith(folder + path.sep)) ? target : undefined;
}

/** The real path of `p`, or of its nearest existing parent with the rest appended (a deleted file stays checkable). */
function realOrParent(p: string): string | undefined {
  const rest: string[] = [];
  for (let cur = p; ; cur = path.dirname(cur)) {
    try {
      return path.join(realpathSync(cur), ...rest.reverse());
    } catch {
      if (path.dirname(cur) === cur) return undefined;
      rest.push(path.basename(cur));
    }
  }
}

/** The nearest folder at or above `dir` with a `.git`, else `dir` itself. */
function gitRoot(dir: string): string {
  for (let cur = dir; ; cur = path.dirname(cur)) {
    if (existsSync(path.join(cur, '.git'))) return cur;
    if (path.dirname(cur) === cur) return dir;
  }
}

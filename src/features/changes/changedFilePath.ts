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

/**
 * The real path of `p`, or of its nearest existing parent with the rest appended (a deleted file stays checkable).
 * Found from the root down, one folder at a time, stopping at the first that is not there: the server names the path,
 * and a walk up from its end resolved the whole rest once per missing folder (10 000 of them: 3.9 s).
 */
function realOrParent(p: string): string | undefined {
  const { root } = path.parse(p);
  const parts = p.slice(root.length).split(path.sep);
  let real = realpathSync.native(root);
  for (let i = 0; i < parts.length; i++) {
    if (!parts[i]) continue;
    try {
      real = realpathSync.native(path.join(real, parts[i]));
    } catch (error) {
      // Only a folder that is not there ends the walk; any other failure (a name too long, a loop) judges nothing.
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? path.join(real, ...parts.slice(i)) : undefined;
    }
  }
  return real;
}

/** The nearest folder at or above `dir` with a `.git`, else `dir` itself. */
function gitRoot(dir: string): string {
  for (let cur = dir; ; cur = path.dirname(cur)) {
    if (existsSync(path.join(cur, '.git'))) return cur;
    if (path.dirname(cur) === cur) return dir;
  }
}

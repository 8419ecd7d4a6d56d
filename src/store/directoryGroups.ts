// Groups a server's root sessions by project directory, but only when it hosts more than one:
// a single-project server gets no extra tree level.
export interface DirectoryGroup {
  directory: string;
  /** The folder's last path segment. */
  label: string;
}

/** The groups to show for these directories, by label then path; empty when there are fewer than two. */
export function directoryGroups(directories: Iterable<string>): DirectoryGroup[] {
  const distinct = [...new Set(directories)];
  if (distinct.length < 2) return [];
  return distinct
    .map((directory) => ({ directory, label: folderName(directory) }))
    .sort((a, b) => a.label.localeCompare(b.label) || (a.directory < b.directory ? -1 : a.directory > b.directory ? 1 : 0));
}

/** "/home/me/work/webshop/" → "webshop"; "C:\\src\\cli" → "cli"; "" → "(no directory)". */
export function folderName(directory: string): string {
  // Its last segment found from the end: folderFigures names every folder of a server, and a split of each
  // whole path (1 KB ones, 10 000 folders) was a 250 ms step.
  let end = directory.length;
  while (end > 0 && (directory[end - 1] === '/' || directory[end - 1] === '\\')) end--;
  let start = end;
  while (start > 0 && directory[start - 1] !== '/' && directory[start - 1] !== '\\') start--;
  return end > start ? directory.slice(start, end) : directory || '(no directory)';
}

/**
 * Where a folder row's folder is, short: its parent's last two folders ("/home/me/work/webshop" → "…/me/work",
 * "/srv/webshop" → "/srv"); the whole path is the row's tooltip.
 */
export function folderPlace(directory: string): string {
  const separator = directory.includes('\\') && !directory.includes('/') ? '\\' : '/';
  const segments = directory.split(/[\\/]+/).filter((s) => s.length > 0);
  const parents = segments.slice(0, -1);
  if (parents.length === 0) return '';
  if (parents.length <= 2) return (directory.startsWith(separator) ? separator : '') + parents.join(separator);
  return `…${separator}${parents.slice(-2).join(separator)}`;
}

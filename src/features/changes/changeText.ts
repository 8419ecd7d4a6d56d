// How changed files read: `3 files · +120 −45`, and a file as its name plus the folder it is in. Paths come
// from the server: flattened to one line, without control or bidi characters.
import { changeTotals, type ChangedFile } from './fileChanges';
import { oneLine } from '../../present/requestText';

export function changeCounts(counts: { additions: number; deletions: number }): string {
  return `+${counts.additions} −${counts.deletions}`;
}

/** "3 files · +120 −45", and what a revert took back. */
export function changesSummary(set: { files: readonly ChangedFile[]; revertedTurns: number }): string {
  const totals = changeTotals(set.files);
  const files = `${totals.files} file${totals.files === 1 ? '' : 's'}`;
  const reverted = set.revertedTurns ? ` · ${set.revertedTurns} turn${set.revertedTurns === 1 ? '' : 's'} reverted` : '';
  return `${files} · ${changeCounts(totals)}${reverted}`;
}

/** "a.ts" in "src/lib"; the folder is empty at the project's top. */
export function changedFileLabel(path: string): { name: string; folder: string } {
  const parts = oneLine(path)
    .split('/')
    .filter((p) => p !== '');
  const name = parts.pop() ?? oneLine(path);
  return { name, folder: parts.join('/') };
}

/** The file's label for the diff editor's title. */
export function diffTitle(file: ChangedFile, sessionTitle: string): string {
  const partial = !file.binary && !file.complete ? ', changed regions only' : '';
  return `${changedFileLabel(file.path).name} (${oneLine(sessionTitle)}: before ↔ after${partial})`;
}

/** The one side a change has: an added file's text after, a deleted one's before; undefined when it has both. */
export function onlySide(status: ChangedFile['status']): 'before' | 'after' | undefined {
  return status === 'added' ? 'after' : status === 'deleted' ? 'before' : undefined;
}

/** The title of an added or deleted file opened alone: "a.ts (Fix the login: added)". */
export function sideTitle(file: ChangedFile, sessionTitle: string): string {
  const partial = !file.binary && !file.complete ? ', changed regions only' : '';
  return `${changedFileLabel(file.path).name} (${oneLine(sessionTitle)}: ${file.status}${partial})`;
}

/** A path for a document of our own scheme: no `.`/`..` or empty segments, backslashes or control characters. */
export function safePath(path: string): string {
  const parts = path
    .split(/[\\/]+/)
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .map((p) => p.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, ''))
    .filter((p) => p !== '' && p !== '.' && p !== '..');
  return parts.length ? parts.join('/') : 'file';
}

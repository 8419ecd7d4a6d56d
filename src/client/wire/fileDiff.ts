// A file's change as both generations record it: `{file, patch, additions, deletions, status}` (1.x's
// `summary.diffs`, 2.x's FileDiff.Info in `GET /api/session/{id}/diff` and in file tools' `metadata.files`).
import { amount, isObject, nonEmptyString } from '../../base/parse';
import type { FileChange } from '../../store/turns';

/** One change read field by field; undefined without a path. `path` is read where `file` is missing. */
export function parseFileDiff(raw: unknown): FileChange | undefined {
  if (!isObject(raw)) return undefined;
  const path = nonEmptyString(raw.file) ?? nonEmptyString(raw.path);
  if (!path) return undefined;
  return {
    path,
    status: raw.status === 'added' || raw.status === 'deleted' ? raw.status : 'modified',
    additions: amount(raw.additions),
    deletions: amount(raw.deletions),
    patch: typeof raw.patch === 'string' ? raw.patch : '',
  };
}

/** `{data: [FileDiff]}` (or a bare list) as one turn's files; undefined when the answer is not a list. */
export function readFileDiffs(answer: unknown): FileChange[] | undefined {
  const list = isObject(answer) ? answer.data : answer;
  if (!Array.isArray(list)) return undefined;
  return list.map(parseFileDiff).filter((f): f is FileChange => f !== undefined);
}

// A session record and a session status as OpenCode sends them, read field by field: whatever a field holds
// that is not what OpenCode sends is left out, so nothing downstream meets a number where it reads a string.
// V1 lists and sends sessions in this shape; V2's differs only in where the directory is (v2/sessions.ts).
import { amount, isObject, nonEmptyString } from '../../base/parse';
import type { SessionInfo, SessionStatus } from '../../store/events';
import { serverTokens } from './tokens';

/** A session as the server lists or sends it; without an id or finite times it is not a session. */
export function sessionInfo(value: unknown): SessionInfo | undefined {
  if (!isObject(value) || !isObject(value.time)) return undefined;
  const id = nonEmptyString(value.id);
  const created = finite(value.time.created);
  const updated = finite(value.time.updated);
  if (!id || created === undefined || updated === undefined) return undefined;
  const info: SessionInfo = {
    id,
    title: typeof value.title === 'string' ? value.title : '',
    directory: typeof value.directory === 'string' ? value.directory : '',
    time: { created, updated },
  };
  const parentID = nonEmptyString(value.parentID);
  // A session cannot be its own parent: read as a root rather than as a loop.
  if (parentID && parentID !== id) info.parentID = parentID;
  copyStrings(value, info, ['projectID', 'slug', 'agent', 'version']);
  const compacting = finite(value.time.compacting);
  if (compacting !== undefined) info.time.compacting = compacting;
  const archived = finite(value.time.archived);
  if (archived !== undefined) info.time.archived = archived;
  if ('cost' in value) info.cost = amount(value.cost);
  if (isObject(value.tokens)) info.tokens = serverTokens(value.tokens);
  if (isObject(value.summary)) {
    info.summary = {
      additions: amount(value.summary.additions),
      deletions: amount(value.summary.deletions),
      files: amount(value.summary.files),
    };
  }
  // No `share`: a share link from any version answers 410 now (OpenCode's share service is gone): none is shown.
  if (isObject(value.model)) {
    const model: NonNullable<SessionInfo['model']> = {};
    copyStrings(value.model, model, ['id', 'providerID']);
    info.model = model;
  }
  const revertTo = isObject(value.revert) ? nonEmptyString(value.revert.messageID) : undefined;
  if (revertTo) info.revert = { messageID: revertTo };
  return info;
}

/** A status as the server sends it (`{type: 'busy'}`…), validated; undefined for anything else. */
export function parseSessionStatus(value: unknown): SessionStatus | undefined {
  if (!isObject(value)) return undefined;
  if (value.type === 'idle' || value.type === 'busy') return { type: value.type };
  if (value.type === 'retry') {
    return {
      type: 'retry',
      attempt: typeof value.attempt === 'number' ? value.attempt : 0,
      message: typeof value.message === 'string' ? value.message : '',
      next: typeof value.next === 'number' ? value.next : 0,
    };
  }
  return undefined;
}

export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function copyStrings<K extends string>(from: Record<string, unknown>, to: Partial<Record<K, string>>, keys: K[]): void {
  for (const key of keys) {
    const value = from[key];
    if (typeof value === 'string') to[key] = value;
  }
}

// A V2 session as `/api/session` lists it (directory under `location.directory`, OpenCode's SessionV2.Info:
// packages/schema/src/session.ts@a2cc772) or as V2 events still carry it on 1.18.33 (the V1 `info`, with a
// top-level `directory`). Both read through `sessionInfo`, so every tolerance rule of V1 holds here too.
import type { SessionInfo } from '../../store/events';
import { sessionInfo } from '../wire/sessionInfo';
import { isObject } from '../../store/parse';

export function v2SessionInfo(raw: unknown): SessionInfo | undefined {
  if (!isObject(raw)) return undefined;
  if (typeof raw.directory === 'string') return sessionInfo(raw);
  const location = isObject(raw.location) ? raw.location : undefined;
  const directory = typeof location?.directory === 'string' ? location.directory : undefined;
  return sessionInfo(directory === undefined ? raw : { ...raw, directory });
}

// `GET /api/session/active`: `{data: {[sessionID]: {type: "running"}}}` (recorded on 1.18.33; SessionActive in
// packages/protocol/src/groups/session.ts@01fd0c8). Sessions absent from it are idle, so only the listed
// ones get a status; the store reads the rest as idle.
import type { MalformedListener, SessionStatus } from '../../store/events';
import { parseSessionStatus } from '../wire/sessionInfo';
import { isObject } from '../../store/parse';

/** The active sessions as store statuses, or undefined when the answer is not that map at all. */
export function readV2Active(raw: unknown, malformed?: MalformedListener): Record<string, SessionStatus> | undefined {
  const data = isObject(raw) ? raw.data : undefined;
  if (!isObject(data)) return undefined;
  const statuses: Record<string, SessionStatus> = {};
  for (const [id, value] of Object.entries(data)) {
    const status = isObject(value) && value.type === 'running' ? ({ type: 'busy' } as const) : parseSessionStatus(value);
    // `__proto__` as a key would replace the record's prototype instead of adding a session.
    if (id && id !== '__proto__' && status) statuses[id] = status;
    else malformed?.('session.active');
  }
  return statuses;
}

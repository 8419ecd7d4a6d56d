// V2's records as the store reads them, on the ground floor as V1's are (wire/): a single answer's `data`, a page of
// a list, a session, a permission request, the running sessions. They fetch nothing and import no module of v2/
// that does, so the event reader (v2/events.ts) and every read that fetches stand on them alike.
// Shapes: Session.Info (packages/schema/src/session.ts@1066927: `{id, parentID?, projectID, cost, tokens, outcome?,
// time: {created, updated, idle?, viewed?, archived?}, title?, location: {directory}, revert?, fork?, …}`; 1.18.33's V2
// events still carry the V1 `info` with a top-level `directory`), Permission.Request (packages/schema/src/
// permission.ts), the list pages of packages/protocol/src/groups/session.ts and message.ts, all at 2.0.26.
import type { SessionInfo, SessionStatus } from '../../store/events';
import { isObject, nonEmptyString } from '../../base/parse';
import type { PendingRequest, PermissionRequest } from '../../store/pendingRequest';
import { Slices } from '../../base/node/slices';
import { parsePermissionRequest, parseQuestionRequest } from '../wire/requests';
import { finite, parseSessionStatus, sessionInfo } from '../wire/sessionInfo';

const OUTCOMES = new Set(['succeeded', 'failed', 'interrupted']);

/** `{data: …}` in 1.18 and 2.x single-item answers; the item itself otherwise. */
export function dataOf(answer: unknown): unknown {
  return typeof answer === 'object' && answer !== null && 'data' in answer ? answer.data : answer;
}

export interface V2Page {
  /** The page's entries, unvalidated: each is read by its own parser. */
  entries: unknown[];
  /** The `cursor` query value for the following page; absent on the last page. */
  next?: string;
}

/**
 * One page of a V2 list route: `{data, cursor: {previous, next}}` (1.18.33 and 2.x: groups/session.ts and
 * groups/message.ts@1066927); `items` in an earlier 2-line source. `next` is an opaque string passed back as
 * `?cursor=`; null or missing on the last page. Undefined when the answer is not a page (an HTML page, an error).
 */
export function readV2Page(raw: unknown): V2Page | undefined {
  if (!isObject(raw)) return undefined;
  const entries = Array.isArray(raw.data) ? raw.data : Array.isArray(raw.items) ? raw.items : undefined;
  if (!entries) return undefined;
  const cursor = raw.cursor;
  const next = isObject(cursor) ? nonEmptyString(cursor.next) : nonEmptyString(cursor);
  return next === undefined ? { entries } : { entries, next };
}

/** A session record, either shape, read through `sessionInfo` so that every tolerance rule of V1 holds here too. */
export function v2SessionInfo(raw: unknown): SessionInfo | undefined {
  if (!isObject(raw)) return undefined;
  const location = isObject(raw.location) ? raw.location : undefined;
  const directory =
    typeof raw.directory === 'string' ? raw.directory : typeof location?.directory === 'string' ? location.directory : undefined;
  const info = sessionInfo(directory === undefined || raw.directory === directory ? raw : { ...raw, directory });
  if (!info) return undefined;
  const time = isObject(raw.time) ? raw.time : {};
  const idle = finite(time.idle);
  const viewed = finite(time.viewed);
  if (idle !== undefined) info.time.idle = idle;
  if (viewed !== undefined) info.time.viewed = viewed;
  if (typeof raw.outcome === 'string' && OUTCOMES.has(raw.outcome)) info.outcome = raw.outcome as SessionInfo['outcome'];
  // A fork (Session.Info `fork: {sessionID, boundary}`, recorded on the August build and in 2.0.26's schema): its
  // record counts what it spent after the fork, its copied messages are not its spending (store/copiedHistory.ts).
  const from = isObject(raw.fork) ? nonEmptyString(raw.fork.sessionID) : undefined;
  if (from) info.fork = { from };
  return info;
}

/** Where each listed session is, and under which parent: what the pending reads ask about, and name on failure. */
export type ListedSessions = Map<string, { directory: string; parentID?: string }>;

/** A V2 permission request (Permission.Request: `action`, `resources`, `save`), or a V1-shaped one, validated. */
export function v2PermissionRequest(value: unknown): PermissionRequest | undefined {
  if (!isObject(value) || !('action' in value)) return parsePermissionRequest(value);
  return parsePermissionRequest({
    id: value.id,
    sessionID: value.sessionID,
    permission: value.action,
    patterns: value.resources,
    always: value.save,
    metadata: value.metadata,
    // The call that asks: `source: {type: "tool", messageID, id}` on 2.x (recorded, ../shared/reference/opencode2-server.md),
    // `callID` in 1.18.33's V2 engine (test/fixtures/v2/api-session-permission.json).
    ...(isObject(value.source) &&
      value.source.type === 'tool' && {
        tool: { messageID: value.source.messageID, callID: nonEmptyString(value.source.id) ?? value.source.callID },
      }),
  });
}

/** `{data}` (or `{location, data}`, or a bare list) of requests; undefined when it is not a list at all. */
export function readV2Requests(
  kind: 'permission' | 'question',
  raw: unknown,
): { requests: PendingRequest[]; malformed: number } | undefined {
  const list = Array.isArray(raw)
    ? raw
    : isObject(raw) && Array.isArray(raw.data)
      ? raw.data
      : isObject(raw) && Array.isArray(raw.items)
        ? raw.items
        : undefined;
  if (!list) return undefined;
  const requests: PendingRequest[] = [];
  for (const entry of list) {
    const request = kind === 'permission' ? v2PermissionRequest(entry) : parseQuestionRequest(entry);
    if (request) requests.push(request);
  }
  return { requests, malformed: list.length - requests.length };
}

/** Each statuses record readV2Active made, its ids in order: walking a record's keys again is one long step at 100 000. */
const idsOf = new WeakMap<object, string[]>();

/** `GET /api/session/active`: `{data: {[sessionID]: {type: "running"}}}`; absent sessions are idle. In slices. */
export async function readV2Active(raw: unknown, malformed?: (kind: string) => void): Promise<Record<string, SessionStatus> | undefined> {
  const data = isObject(raw) ? raw.data : undefined;
  if (!isObject(data)) return undefined;
  const statuses: Record<string, SessionStatus> = {};
  const ids: string[] = [];
  const slices = new Slices();
  for (const id in data) {
    if (!Object.hasOwn(data, id)) continue;
    if (slices.due) await slices.yield();
    const value = data[id];
    const status = isObject(value) && value.type === 'running' ? ({ type: 'busy' } as const) : parseSessionStatus(value);
    // `__proto__` as a key would replace the record's prototype instead of adding a session.
    if (id && id !== '__proto__' && status) {
      statuses[id] = status;
      ids.push(id);
    } else malformed?.('session.active');
  }
  idsOf.set(statuses, ids);
  return statuses;
}

/** The running sessions' ids in the order the server listed them (readV2Active's record), else the record's keys. */
export function activeIds(statuses: Record<string, SessionStatus>): readonly string[] {
  return idsOf.get(statuses) ?? Object.keys(statuses);
}

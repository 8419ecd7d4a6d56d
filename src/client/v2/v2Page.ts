// One page of a V2 list route (`GET /api/session`). OpenCode 1.18.33 answers `{data, cursor: {previous, next}}`
// (recorded); OpenCode's source has had both `data` (packages/server/src/groups/session.ts@83527b4,
// packages/protocol/src/groups/session.ts@01fd0c8) and `items`
// (packages/opencode/src/server/routes/instance/httpapi/groups/v2/session.ts@36160ef). The cursor is an object
// whose `next` is an opaque string passed back as `?cursor=`; a bare string cursor is read as `next` too.
import { isObject, nonEmptyString } from '../../store/parse';

export interface V2Page {
  /** The page's entries, unvalidated: each is read by its own parser (`v2SessionInfo`…). */
  entries: unknown[];
  /** The `cursor` query value for the following page; absent on the last page. */
  next?: string;
}

/** A list page in either shape, or undefined when the answer is neither (an HTML page, an error body). */
export function readV2Page(raw: unknown): V2Page | undefined {
  if (!isObject(raw)) return undefined;
  const entries = Array.isArray(raw.data) ? raw.data : Array.isArray(raw.items) ? raw.items : undefined;
  if (!entries) return undefined;
  const cursor = raw.cursor;
  // `null` (a generated client's encoding of "none") and a missing cursor both mean the last page.
  const next = isObject(cursor) ? nonEmptyString(cursor.next) : nonEmptyString(cursor);
  return next === undefined ? { entries } : { entries, next };
}

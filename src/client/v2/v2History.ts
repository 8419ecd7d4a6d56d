// `GET /api/session/{id}/history`: `{data: [events], hasMore}` (recorded on 1.18.33), the session's durable
// events oldest first, each in the `/api/event` envelope; OpenCode pages it with `?after=<seq>`. Only what it says about the past is kept — steps,
// their messages, prompts and compactions; statuses, running tools and requests in it are history, and
// replaying them would override what the live stream says now.
import type { MalformedListener, StoreEvent } from '../../store/events';
import { isObject } from '../../store/parse';
import { V2EventReader } from './v2Events';

const KEPT = new Set<StoreEvent['type']>(['step.finished', 'message.assistant', 'message.user', 'session.compacted', 'compaction.marked']);

export interface V2History {
  events: StoreEvent[];
  /** More events follow this page. */
  hasMore: boolean;
  /** The page's highest durable sequence: where the next page starts (OpenCode's `?after=`, exclusive). */
  lastSeq?: number;
}

export function readV2History(raw: unknown, malformed?: MalformedListener): V2History {
  const list = isObject(raw) && Array.isArray(raw.data) ? raw.data : undefined;
  if (!list) {
    malformed?.('history');
    return { events: [], hasMore: false };
  }
  const reader = new V2EventReader(malformed);
  const events = list.flatMap((item) => reader.read(item)).filter((event) => KEPT.has(event.type));
  const seqs = list
    .map((item) => (isObject(item) && isObject(item.durable) ? item.durable.seq : undefined))
    .filter((seq): seq is number => typeof seq === 'number' && Number.isInteger(seq) && seq >= 0);
  const page: V2History = { events, hasMore: isObject(raw) && raw.hasMore === true };
  if (seqs.length) page.lastSeq = Math.max(...seqs);
  return page;
}

// Budget pauses that ended, kept for the Timeline (its pause marks, from the stop to the resume) across a reload and
// shared by the windows: a list in the extension's global state beside the book of pauses (pauseBook.ts). An
// ended pause never changes, so two windows' lists merge as a union; each server keeps its newest MAX_SPANS_PER_SERVER
// (by when they ended), so what is stored stays small whatever happens. What another window stored is read as outside
// input: anything unreadable in it is left out, and at most MAX_STORED_SPANS entries are looked at.
import type { ReleaseReason } from './pauseRelease';
import { BUDGETS, type BudgetName } from './budget';
import type { PauseSpan } from './timeline/timelineLanes';

/** Ended pauses kept per server. */
export const MAX_SPANS_PER_SERVER = 200;
/** Of a stored list, at most this many entries are read (more is not a list this extension kept). */
export const MAX_STORED_SPANS = 20 * MAX_SPANS_PER_SERVER;
/** Ids longer than this are not a server's or a session's. */
const MAX_ID = 1000;
const NAMES: ReadonlySet<string> = new Set(BUDGETS);
/** Why a pause ended, as the book says it: another window's other words are not shown. */
const REASONS: ReadonlySet<string> = new Set<ReleaseReason>(['resumed', 'prompted', 'gone', 'released', 'notStopped', 'dropped', 'lifted']);
/** No pause began before 2020 (OpenCode's first release came later): an earlier start would stretch a Timeline to it. */
const EARLIEST = Date.UTC(2020, 0, 1);
/** A clock ahead of ours by at most a day (as lanes allow). */
const FUTURE_MS = 86_400_000;

export interface EndedPause {
  serverId: string;
  sessionId: string;
  span: PauseSpan;
}

/** The stored form: [serverId, sessionId, start, end, budget?, limit?, ended?] per ended pause, oldest end first. */
export interface PauseSpansJson {
  v: 1;
  spans: Array<[string, string, number, number, string?, number?, string?]>;
}

export function pauseSpansJson(list: readonly EndedPause[]): PauseSpansJson {
  return {
    v: 1,
    spans: list.map(({ serverId, sessionId, span: { start, end, why } }) =>
      why ? [serverId, sessionId, start, end, why.name, why.limit, ...(why.ended ? [why.ended] : [])] : [serverId, sessionId, start, end],
    ) as PauseSpansJson['spans'],
  };
}

/** A stored list, as another window (or an older version) may have left it: the readable entries, bounded. */
export function readPauseSpans(stored: unknown): EndedPause[] {
  if (typeof stored !== 'object' || stored === null) return [];
  const { spans } = stored as { spans?: unknown };
  if (!Array.isArray(spans)) return [];
  const out: EndedPause[] = [];
  for (const entry of spans.slice(-MAX_STORED_SPANS)) {
    const read = readEntry(entry);
    if (read) out.push(read);
  }
  return boundSpans(out);
}

function readEntry(entry: unknown): EndedPause | undefined {
  if (!Array.isArray(entry) || entry.length < 4 || entry.length > 7) return undefined;
  const [serverId, sessionId, start, end, name, limit, ended] = entry as unknown[];
  if (!isId(serverId) || !isId(sessionId)) return undefined;
  if (typeof start !== 'number' || typeof end !== 'number' || !(start >= EARLIEST) || !(end >= start) || !(end <= Date.now() + FUTURE_MS))
    return undefined;
  const span: PauseSpan = { start, end };
  if (typeof name === 'string' && NAMES.has(name) && typeof limit === 'number' && Number.isFinite(limit) && limit >= 0)
    span.why = {
      name: name as BudgetName,
      limit,
      ...(typeof ended === 'string' && REASONS.has(ended) && { ended }),
    };
  return { serverId, sessionId, span };
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;
}

/** One key per ended pause: its session and when it began (a session's pauses begin one at a time). */
function keyOf({ serverId, sessionId, span }: EndedPause): string {
  return `${serverId}\u0000${sessionId}\u0000${span.start}`;
}

/**
 * Both lists as one: each ended pause once (of two copies, the one that ended later), oldest end first, each server's
 * newest MAX_SPANS_PER_SERVER.
 */
export function mergePauseSpans(a: readonly EndedPause[], b: readonly EndedPause[]): EndedPause[] {
  const byKey = new Map<string, EndedPause>();
  for (const entry of [...a, ...b]) {
    // Only what a window can read back: else every read of the stored copy finds it lacking and writes it again.
    if (!readEntry(pauseSpansJson([entry]).spans[0])) continue;
    const key = keyOf(entry);
    const known = byKey.get(key);
    if (!known || entry.span.end > known.span.end) byKey.set(key, entry);
  }
  return boundSpans([...byKey.values()]);
}

/** Oldest end first (then by key: the same order in every window), each server's newest MAX_SPANS_PER_SERVER. */
function boundSpans(list: EndedPause[]): EndedPause[] {
  const keyed = list.map((entry) => ({ entry, key: keyOf(entry) }));
  keyed.sort((x, y) => x.entry.span.end - y.entry.span.end || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const perServer = new Map<string, number>();
  const kept: EndedPause[] = [];
  for (let i = keyed.length - 1; i >= 0; i--) {
    const { entry } = keyed[i];
    const n = perServer.get(entry.serverId) ?? 0;
    if (n >= MAX_SPANS_PER_SERVER) continue;
    // No more than a window reads back (servers on new ports each keep theirs: the total is bounded too).
    if (kept.length >= MAX_STORED_SPANS) break;
    perServer.set(entry.serverId, n + 1);
    kept.push(entry);
  }
  return kept.reverse();
}

/** Whether `list` holds an ended pause `of` lacks (then the stored copy is to be written again). */
export function holdsMore(list: readonly EndedPause[], of: readonly EndedPause[]): boolean {
  const known = new Set(of.map((e) => `${keyOf(e)}\u0000${e.span.end}`));
  return list.some((e) => !known.has(`${keyOf(e)}\u0000${e.span.end}`));
}

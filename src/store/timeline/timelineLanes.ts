// A session's lane from what the store holds of it: one bar per assistant message (its step, from its start to its
// end), its tool calls, and its marks: what the store saw it wait for or fail at, the errors and aborts its steps
// ended with, its compactions and a budget pause. Linear in the session's messages (bar order: one sort); a step
// function (Steps) yields between slices of messages, so session_status builds a long session's lane in slices.
// laneCache.ts keeps a lane across live changes, equal to this whole build.
import type { Steps } from '../../base/slices';
import { sortSteps } from '../../base/sortSteps';
import { messageSteps } from '../recordSteps';
import type { AssistantUsage, SessionRecord } from '../sessionRecord';
import { addUsageInto, ZERO_USAGE, type Usage } from '../usage';
import type { PauseWhy, TimelineBar, TimelineLane, TimelineMark } from './timelineTypes';

export interface LaneOptions {
  /** When the lane is read: the end of what still runs or waits. */
  now: number;
  /** Set while a budget paused the session: since when (ms). */
  pausedAt?: number;
  /** The budget that paused it (while pausedAt is set). */
  pausedBy?: PauseWhy;
  /** Budget pauses of the session that ended, from the stop to the resume (ms): marked as waits. */
  pausedBefore?: ReadonlyArray<PauseSpan>;
  /** How a model and a title read (the panel cleans them for display); as the server sent them by default. */
  names?: LaneNames;
}

/** A budget pause that holds now: since when, and which budget made it. */
export interface OpenPause {
  at: number;
  why?: PauseWhy;
}

/** A budget pause that ended: from the stop to the resume (or to whatever ended it), and why, where known. */
export interface PauseSpan {
  start: number;
  end: number;
  why?: PauseWhy;
}

export interface LaneNames {
  model(providerID: string | undefined, modelID: string | undefined): string;
  title(info: { title?: string }): string;
}

export const RAW: LaneNames = {
  model: (providerID, modelID) => (modelID ? (providerID ? `${providerID}/${modelID}` : modelID) : ''),
  title: (info) => info.title ?? '',
};

/** How far past `now` a time may lie: later ones (a server's made-up time, a clock far off) are drawn at it. */
export const FUTURE_MS = 24 * 60 * 60 * 1000;

/** Messages per slice of a lane's build. */
const SLICE = 512;

/** The lane, built a slice of messages at a time (runSliced yields between slices). */
export function* laneSteps(record: SessionRecord, options: LaneOptions): Steps<TimelineLane> {
  const lane = yield* laneOf(record, options);
  const latest = options.now + FUTURE_MS;
  if (!lane.bars.some((b) => b.end > latest) && !lane.marks.some((m) => m.end > latest)) return lane;
  const clamp = (t: number) => Math.min(t, latest);
  return {
    ...lane,
    bars: lane.bars.map((b) => ({ ...b, start: clamp(b.start), end: clamp(b.end) })),
    marks: lane.marks.map((m) => ({ ...m, start: clamp(m.start), end: clamp(m.end) })),
  };
}

function* laneOf(record: SessionRecord, { now, pausedAt, pausedBy, pausedBefore, names = RAW }: LaneOptions): Steps<TimelineLane> {
  const running = record.status.type !== 'idle';
  const created = record.info.time.created;
  const keyed = [...record.messages.values()].map((message) => ({ message, start: barStart(message, created) }));
  yield;
  yield* sortSteps(keyed, byStart);
  const bars: TimelineBar[] = [];
  const marks: TimelineMark[] = [];
  let cost = 0;
  const stepErrors: TimelineMark[] = [];
  for (const [i, { message, start }] of keyed.entries()) {
    if (i % SLICE === SLICE - 1) yield;
    // Only the newest step can still be running.
    const bar = laneBar(record, message, start, running && i === keyed.length - 1 && message.completed === undefined, now, names);
    bars.push(bar);
    cost += bar.usage.cost;
    if (message.error) stepErrors.push(errorMark(message.error, bar));
  }
  for (let i = Math.max(0, stepErrors.length - MAX_STEP_ERROR_MARKS); i < stepErrors.length; i++) marks.push(stepErrors[i]);
  // Errors the store saw but no step carries (OpenCode 2 reports them on the session): marked when seen.
  pushSessionMarks(marks, record, stepErrors.length > 0, now);
  for (const user of record.userMessages.values()) if (user.compaction && user.created > 0) marks.push(compactionMark(user.created));
  pushPauseMarks(marks, pausedAt, pausedBefore, now, pausedBy);
  marks.sort(byMarkStart);
  cutByPauses(marks);
  return laneHeader(record, names, bars, marks, cost);
}

/**
 * Where a step's bar starts: its creation. A server that sent none (or a time ≤ 0) would stretch the tree back to
 * 1970, so such a step is clamped, not left out (its cost stays on the lane): it starts at its end, else at its
 * session's creation; only when neither is known either does it keep its own time, which the span ignores.
 */
export function barStart(message: AssistantUsage, sessionCreated: number): number {
  if (message.created > 0) return message.created;
  if (message.completed !== undefined && message.completed > 0) return message.completed;
  return sessionCreated > 0 ? sessionCreated : message.created;
}

/** One step's bar from `start`: `open` (its session runs and it is the newest, unended) ends it `now`. */
export function laneBar(
  record: SessionRecord,
  message: AssistantUsage,
  start: number,
  open: boolean,
  now: number,
  names: LaneNames,
): TimelineBar {
  const usage = { ...ZERO_USAGE };
  let copied: Usage | undefined;
  for (const step of messageSteps(record, message)) {
    addUsageInto(usage, step.usage);
    if (step.copied) addUsageInto((copied ??= { ...ZERO_USAGE }), step.copied);
  }
  // A step without an end runs while its session does; in an idle session it ended unrecorded (a zero-width bar).
  const end = open ? now : (message.completed ?? start);
  const calls = record.toolCalls?.get(message.id);
  return {
    messageID: message.id,
    start,
    end: Math.max(end, start),
    running: open,
    model: names.model(message.providerID, message.modelID),
    ...(message.agent && { agent: message.agent }),
    usage,
    tools: calls ? [...calls.values()] : [],
    ...(copied && { copied }),
  };
}

/**
 * The newest steps' error and abort marks a lane holds, as the store holds its own newest MAX_MARKS: a session of
 * thousands of failed steps keeps its every bar (each says its error in its hover) but marks only the last of them,
 * so a live step posts a bounded set of marks. Points, not intervals: no figure counts them.
 */
export const MAX_STEP_ERROR_MARKS = 500;

export function errorMark(error: string, bar: TimelineBar): TimelineMark {
  const aborted = error === 'MessageAbortedError';
  return { kind: aborted ? 'abort' : 'error', start: bar.end, end: bar.end, open: false, ref: error };
}

/** The marks the store saw (a session's errors only where no step carries one). */
export function pushSessionMarks(marks: TimelineMark[], record: SessionRecord, stepErrors: boolean, now: number): void {
  for (const mark of record.marks ?? []) {
    if (mark.kind === 'error' && stepErrors) continue;
    const open = mark.end === undefined;
    marks.push({
      kind: mark.kind,
      start: mark.start,
      end: open ? Math.max(now, mark.start) : mark.end!,
      open,
      ref: mark.ref,
      ...(mark.detail && { detail: mark.detail }),
    });
  }
}

export function compactionMark(at: number): TimelineMark {
  return { kind: 'compaction', start: at, end: at, open: false };
}

export function pauseMark(pausedAt: number, now: number, why?: PauseWhy): TimelineMark {
  return { kind: 'pause', start: pausedAt, end: Math.max(now, pausedAt), open: true, ...(why && { budget: why }) };
}

/** The session's budget pauses: those that ended (closed spans, with their budget and end where known) and the open one. */
export function pushPauseMarks(
  marks: TimelineMark[],
  pausedAt: number | undefined,
  pausedBefore: ReadonlyArray<PauseSpan> | undefined,
  now: number,
  pausedBy?: PauseWhy,
): void {
  for (const span of pausedBefore ?? [])
    if (span.end >= span.start && span.start !== pausedAt)
      marks.push({ kind: 'pause', start: span.start, end: span.end, open: false, ...(span.why && { budget: span.why }) });
  if (pausedAt !== undefined) marks.push(pauseMark(pausedAt, now, pausedBy));
}

/** How long after a budget's stop the step it cut may end (the stop's round trip, a step that ends its stream). */
export const CUT_WITHIN_MS = 30_000;

/**
 * An abort at most CUT_WITHIN_MS after a budget pause began (or up to a second before it: clocks apart) was that
 * pause's stop: it says which budget cut its step. `marks` sorted by start; a lane's marks are bounded (its pauses by
 * the stored ended pauses' bound per server, MAX_SPANS_PER_SERVER), so aborts × pauses stays small.
 */
export function cutByPauses(marks: TimelineMark[]): void {
  const pauses = marks.filter((m) => m.kind === 'pause' && m.budget);
  if (!pauses.length) return;
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i];
    if (mark.kind !== 'abort') continue;
    let by: TimelineMark | undefined;
    for (const p of pauses)
      // …and while it held: an abort after a pause that ended (resumed, then stopped by a person) is not the budget's.
      if (
        mark.start >= p.start - 1000 &&
        mark.start - p.start <= CUT_WITHIN_MS &&
        mark.start <= p.end + 1000 &&
        (!by || p.start > by.start)
      )
        by = p;
    if (by) marks[i] = { ...mark, budget: { name: by.budget!.name, limit: by.budget!.limit } };
  }
}

export function laneHeader(
  record: SessionRecord,
  names: LaneNames,
  bars: TimelineBar[],
  marks: TimelineMark[],
  cost: number,
): TimelineLane {
  const { info } = record;
  return {
    id: info.id,
    ...(info.parentID && { parentId: info.parentID }),
    title: names.title(info),
    ...(info.agent && { agent: info.agent }),
    created: info.time.created,
    bars,
    marks,
    cost,
  };
}

/** The bars' order: by start, then id (ids sort by creation on the server). */
export function byStart(a: { start: number; message: { id: string } }, b: { start: number; message: { id: string } }): number {
  return a.start - b.start || (a.message.id < b.message.id ? -1 : a.message.id > b.message.id ? 1 : 0);
}

/** Marks by start; a stable sort, so marks at one time keep the order they were listed in. */
export function byMarkStart(a: TimelineMark, b: TimelineMark): number {
  return a.start - b.start;
}

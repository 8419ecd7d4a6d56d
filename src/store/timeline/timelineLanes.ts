// A session's lane from what the store holds of it: one bar per assistant message (its step, from its start to its
// end), its tool calls, and its marks: what the store saw it wait for or fail at, the errors and aborts its steps
// ended with, its compactions and a budget pause. Linear in the session's messages (bar order: one sort).
import { messageSteps } from '../recordSteps';
import type { AssistantUsage, SessionRecord } from '../sessionRecord';
import { addUsageInto, ZERO_USAGE } from '../usage';
import type { TimelineBar, TimelineLane, TimelineMark } from './timelineTypes';

export interface LaneOptions {
  /** When the lane is read: the end of what still runs or waits. */
  now: number;
  /** Set while a budget paused the session: since when (ms). */
  pausedAt?: number;
  /** How a model and a title read (the panel cleans them for display); as the server sent them by default. */
  names?: LaneNames;
}

export interface LaneNames {
  model(providerID: string | undefined, modelID: string | undefined): string;
  title(info: { title?: string }): string;
}

const RAW: LaneNames = {
  model: (providerID, modelID) => (modelID ? (providerID ? `${providerID}/${modelID}` : modelID) : ''),
  title: (info) => info.title ?? '',
};

/** How far past `now` a time may lie: later ones (a server's made-up time, a clock far off) are drawn at it. */
const FUTURE_MS = 24 * 60 * 60 * 1000;

export function timelineLane(record: SessionRecord, options: LaneOptions): TimelineLane {
  const lane = laneOf(record, options);
  const latest = options.now + FUTURE_MS;
  if (!lane.bars.some((b) => b.end > latest) && !lane.marks.some((m) => m.end > latest)) return lane;
  const clamp = (t: number) => Math.min(t, latest);
  return {
    ...lane,
    bars: lane.bars.map((b) => ({ ...b, start: clamp(b.start), end: clamp(b.end) })),
    marks: lane.marks.map((m) => ({ ...m, start: clamp(m.start), end: clamp(m.end) })),
  };
}

function laneOf(record: SessionRecord, { now, pausedAt, names = RAW }: LaneOptions): TimelineLane {
  const running = record.status.type !== 'idle';
  const messages = [...record.messages.values()].sort(byCreated);
  const bars: TimelineBar[] = [];
  const marks: TimelineMark[] = [];
  let cost = 0;
  for (const [i, message] of messages.entries()) {
    // Only the newest step can still be running.
    const bar = barOf(record, message, running && i === messages.length - 1, now, names);
    bars.push(bar);
    cost += bar.usage.cost;
    if (message.error) {
      const aborted = message.error === 'MessageAbortedError';
      marks.push({ kind: aborted ? 'abort' : 'error', start: bar.end, end: bar.end, open: false, ref: message.error });
    }
  }
  // Errors the store saw but no step carries (OpenCode 2 reports them on the session): marked when seen.
  const stepErrors = marks.length > 0;
  for (const mark of record.marks ?? []) {
    if (mark.kind === 'error' && stepErrors) continue;
    const open = mark.end === undefined;
    marks.push({ kind: mark.kind, start: mark.start, end: open ? Math.max(now, mark.start) : mark.end!, open, ref: mark.ref });
  }
  for (const user of record.userMessages.values())
    if (user.compaction && user.created > 0) marks.push({ kind: 'compaction', start: user.created, end: user.created, open: false });
  if (pausedAt !== undefined) marks.push({ kind: 'pause', start: pausedAt, end: Math.max(now, pausedAt), open: true });
  marks.sort((a, b) => a.start - b.start);
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

function barOf(record: SessionRecord, message: AssistantUsage, running: boolean, now: number, names: LaneNames): TimelineBar {
  const usage = { ...ZERO_USAGE };
  for (const step of messageSteps(record, message)) addUsageInto(usage, step.usage);
  // A step without an end runs while its session does; in an idle session it ended unrecorded (a zero-width bar).
  const open = message.completed === undefined && running;
  const end = message.completed ?? (open ? now : message.created);
  const calls = record.toolCalls?.get(message.id);
  return {
    messageID: message.id,
    start: message.created,
    end: Math.max(end, message.created),
    running: open,
    model: names.model(message.providerID, message.modelID),
    ...(message.agent && { agent: message.agent }),
    usage,
    tools: calls ? [...calls.values()] : [],
  };
}

function byCreated(a: AssistantUsage, b: AssistantUsage): number {
  return a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

// A session tree in time, as plain data: the host builds the lanes (timelineLanes.ts), the usage panel's page draws
// them, and the page, the export and session_status derive the links and figures the same way (timelineFigures.ts).
// Times are ms since the epoch.
import type { BudgetName } from '../budget';
import type { Usage } from '../usage';

/** One model step of a session (an assistant message): from its start to its end. */
export interface TimelineBar {
  messageID: string;
  start: number;
  end: number;
  /** Still running: `end` is when the lane was read. */
  running: boolean;
  /** `provider/model`, as everywhere else. */
  model: string;
  agent?: string;
  /** Its finished steps' tokens and cost (the message's own where it has no step parts). */
  usage: Usage;
  /** The tools it called, by name, in the order they came. */
  tools: string[];
  /**
   * A copy its session was forked with (store/copiedHistory.ts): what the original recorded for it. It spent
   * nothing here (`usage` is 0) and took none of this tree's time: it is drawn as a copy, at the original's time.
   */
  copied?: Usage;
}

export type TimelineMarkKind = 'permission' | 'form' | 'retry' | 'error' | 'abort' | 'compaction' | 'pause' | 'subagent';

/**
 * What happened on a lane: waits (permission, form, retry, budget pause, a sub-agent) span time; the others are
 * instants. A 'subagent' wait is the tree's (subagentWaits.ts: on a PlacedLane's `waits`), never a lane's own mark.
 */
export interface TimelineMark {
  kind: TimelineMarkKind;
  start: number;
  end: number;
  /** Still going: `end` is when the lane was read. */
  open: boolean;
  /** The error's name, the retry's attempt, the sub-agent's session id. */
  ref?: string;
  /** What a permission or a question asked, in words (`bash: npm test`); the sub-agent's title. */
  detail?: string;
  /** A budget pause: the budget that paused and what ended it. An abort: the budget pause that cut its step. */
  budget?: PauseWhy;
}

/** Which budget paused a session (its limit then, USD) and, once it ended, what ended it (ReleaseReason). */
export interface PauseWhy {
  name: BudgetName;
  limit: number;
  ended?: string;
}

/**
 * The marks that are waits: time the session stood still for someone or something outside it. (A sub-agent wait is
 * counted apart: as waiting only while nothing in the tree runs.)
 */
export const WAIT_KINDS: ReadonlySet<TimelineMarkKind> = new Set(['permission', 'form', 'retry', 'pause']);

/** One session of the tree. */
export interface TimelineLane {
  id: string;
  parentId?: string;
  title: string;
  agent?: string;
  /** When the session was made (a sub-agent's start, before its first step). */
  created: number;
  /** Steps oldest first. */
  bars: TimelineBar[];
  /** Oldest first. */
  marks: TimelineMark[];
  /** Σ of its bars' cost (USD). */
  cost: number;
}

/** A parent's step that started a sub-agent, to the child's lane: the parent waited on it from `start` to `end`. */
export interface TimelineLink {
  from: string;
  /** The parent's step it came from; absent when no step of the parent covered the child's start. */
  messageID?: string;
  to: string;
  start: number;
  end: number;
}

/** One session of the critical path, with how long it held the tree up. */
export interface CriticalStep {
  id: string;
  title: string;
  /** The root: its own steps' time; a sub-agent: how long its parent waited on it. */
  ms: number;
  /** A sub-agent: the session of the path that waited on it (steps with one parent are siblings, not a chain). */
  parentId?: string;
}

export interface TimelineFigures {
  /** From the tree's first step (or wait) to its last. */
  wallMs: number;
  /** Some step of the tree ran, and nothing waited. */
  busyMs: number;
  /**
   * Some session waited for a person (permission, form), a retry or a budget pause; or a parent waited on its
   * sub-agents while nothing of the tree ran (a child made but not yet stepping, between its steps).
   */
  waitingMs: number;
  /** Nothing ran and nothing waited: between steps. */
  idleMs: number;
  /** The chain of sessions the root waited on, in the order they ran. */
  criticalPath: CriticalStep[];
  /** Of the waits for a person, a retry or a pause (a sub-agent's run is on the critical path instead). */
  longestWait?: { sessionId: string; title: string; kind: TimelineMarkKind; start: number; ms: number };
  /** The sub-agent (any depth) whose own steps cost most. */
  mostExpensive?: { sessionId: string; title: string; cost: number };
  /** The longest stretch with nothing running or waiting. */
  longestIdle?: { start: number; ms: number };
}

/** What `session_status` and the export say of the tree's time. */
export type TimelineStatus = Pick<TimelineFigures, 'wallMs' | 'busyMs' | 'waitingMs' | 'idleMs' | 'criticalPath'>;

export function timelineStatus(f: TimelineFigures): TimelineStatus {
  return {
    wallMs: f.wallMs,
    busyMs: f.busyMs,
    waitingMs: f.waitingMs,
    idleMs: f.idleMs,
    criticalPath: f.criticalPath.map(({ id, title, ms }) => ({ id, title, ms })),
  };
}

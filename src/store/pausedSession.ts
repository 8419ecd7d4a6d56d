// A session a budget paused (one entry of the book of pauses, store/pauseBook.ts), and its stored form: each field
// read back on its own terms (a damaged entry is left out alone), and written in one field order, so that equal
// books give equal JSON (two windows compare them).
import { BUDGETS, type BudgetName } from './budget';
import { sessionKey } from './sessionKey';
import type { SessionRef } from './sessionRef';

/**
 * pausing: the stop was sent, the session not yet seen idle (a server answers the stop before its status event
 * arrives: a busy read then is the run being stopped, not a new one); paused: seen idle since; resuming: a resume
 * was sent, its run not seen yet.
 */
export type PausePhase = 'pausing' | 'paused' | 'resuming';

export interface PausedSession extends SessionRef {
  /** The root of its task tree (itself for a root). */
  rootId: string;
  /** The budget that paused it, its limit then and what was spent against it at the pause (USD). */
  budget: BudgetName;
  limit: number;
  spent: number;
  /** When it was paused (ms). */
  at: number;
  /** The order pauses were made in: resumes go in the same order. */
  seq: number;
  phase: PausePhase;
  /** Why the last resume failed, in words. */
  error?: string;
  /**
   * The session's record time on its server (`time.updated`, the server's clock) last seen while it was stopped:
   * a newer one when its server comes back (VS Code reopened, the server reconnected) means it ran meanwhile.
   */
  seen?: number;
  /** When the resume was sent (ms): one not seen to start within RESUME_DEADLINE_MS goes back to paused. */
  resumedAt?: number;
  /**
   * Prompts from another client stopped while the pause held (PauseBook.observe), and when the last one came (ms):
   * the first is said once, the pause stays.
   */
  prompted?: number;
  promptedAt?: number;
  /**
   * Its run had ended when the budget paused it (a quick reply over the budget, seen between two checks): the pause
   * holds its next prompt, and lifting it resumes nothing (there is no stopped run to continue).
   */
  ranOut?: true;
  /**
   * It waited on the user (a permission, a question) when the budget paused it: it spends nothing while it waits, so
   * it was not stopped and its request stays. The user's answer lets it go on (BudgetPauses.answered); one from
   * another client while the budget holds is a prompt held like any other.
   */
  waiting?: true;
}

const NAMES: ReadonlySet<string> = new Set(BUDGETS);
const PHASES: ReadonlySet<string> = new Set<PausePhase>(['pausing', 'paused', 'resuming']);

/** One stored pause, field by field (strings bounded, numbers finite); undefined when it is not one. */
export function readPause(entry: unknown, afterRestart: boolean): PausedSession | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 500 ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  // A time a Date holds (session_status says it in ISO 8601, which throws past ±8.64e15 ms).
  const time = (v: unknown) => (typeof v === 'number' && Math.abs(v) <= 8.64e15 ? v : undefined);
  const serverId = text(e.serverId);
  const sessionId = text(e.sessionId);
  const rootId = text(e.rootId);
  const limit = num(e.limit);
  const spent = num(e.spent);
  const at = time(e.at);
  const seq = typeof e.seq === 'number' && Number.isSafeInteger(e.seq) && e.seq >= 0 ? e.seq : undefined;
  if (!serverId || !sessionId || !rootId || limit === undefined || spent === undefined || at === undefined || seq === undefined)
    return undefined;
  if (typeof e.budget !== 'string' || !NAMES.has(e.budget) || typeof e.phase !== 'string' || !PHASES.has(e.phase)) return undefined;
  const phase = e.phase === 'resuming' && afterRestart ? 'paused' : (e.phase as PausePhase);
  const error = text(e.error);
  const seen = num(e.seen);
  const resumedAt = phase === 'resuming' ? time(e.resumedAt) : undefined;
  const prompted = typeof e.prompted === 'number' && Number.isSafeInteger(e.prompted) && e.prompted > 0 ? e.prompted : undefined;
  const promptedAt = prompted !== undefined ? time(e.promptedAt) : undefined;
  return {
    serverId,
    sessionId,
    rootId,
    budget: e.budget as BudgetName,
    limit,
    spent,
    at,
    seq,
    phase,
    ...(error && { error }),
    ...(seen !== undefined && { seen }),
    ...(resumedAt !== undefined && { resumedAt }),
    ...(prompted !== undefined && { prompted }),
    ...(promptedAt !== undefined && { promptedAt }),
    ...(e.ranOut === true && { ranOut: true as const }),
    ...(e.waiting === true && { waiting: true as const }),
  };
}

/** A pause's fields in one order, whatever order it was built in: equal books give equal JSON. */
export function storedForm(p: PausedSession): PausedSession {
  return {
    serverId: p.serverId,
    sessionId: p.sessionId,
    rootId: p.rootId,
    budget: p.budget,
    limit: p.limit,
    spent: p.spent,
    at: p.at,
    seq: p.seq,
    phase: p.phase,
    ...(p.error !== undefined && { error: p.error }),
    ...(p.seen !== undefined && { seen: p.seen }),
    ...(p.resumedAt !== undefined && { resumedAt: p.resumedAt }),
    ...(p.prompted !== undefined && { prompted: p.prompted }),
    ...(p.promptedAt !== undefined && { promptedAt: p.promptedAt }),
    ...(p.ranOut && { ranOut: true as const }),
    ...(p.waiting && { waiting: true as const }),
  };
}

/**
 * At most this many pauses are kept, however large a batch (PauseBook.begin): the stored book stays small whatever
 * happens.
 */
export const MAX_PAUSES = 500;
/** Ended pauses remembered (their keys and when they ended), so that a stale copy of the book cannot bring them back. */
export const MAX_ENDED = 2 * MAX_PAUSES;

/** Stored `[key, ms]` pairs, the newest `most` of them; anything else in the list is left out. */
export function readStamps(value: unknown, most: number): Map<string, number> {
  const out = new Map<string, number>();
  if (!Array.isArray(value)) return out;
  for (const pair of value.slice(-most)) {
    if (!Array.isArray(pair) || pair.length !== 2) continue;
    const [key, at] = pair as unknown[];
    if (typeof key === 'string' && key.length < 1_100 && typeof at === 'number' && Number.isFinite(at) && Math.abs(at) <= 8.64e15)
      out.set(key, at);
  }
  return out;
}

/** The order `[key, ms]` pairs are stored in: equal books give equal JSON. */
export function byTimeThenKey(a: [string, number], b: [string, number]): number {
  return a[1] - b[1] || (a[0] < b[0] ? -1 : 1);
}

/** Past half as many again as MAX_ENDED, back to the newest MAX_ENDED: one sort per MAX_ENDED / 2 ends, not one per end. */
export function trimNewest(ended: Map<string, number>): void {
  if (ended.size <= MAX_ENDED * 1.5) return;
  const newest = [...ended].sort((a, b) => a[1] - b[1]).slice(-MAX_ENDED);
  ended.clear();
  for (const [key, at] of newest) ended.set(key, at);
}

/** The book's key for a pause: its session's. */
export function pauseKey(pause: Pick<PausedSession, 'serverId' | 'sessionId'>): string {
  return sessionKey(pause.serverId, pause.sessionId);
}

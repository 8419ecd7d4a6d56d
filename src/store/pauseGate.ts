// What the OpenCode plugin and the extension agree on about budget pauses (issue 73): the extension's answer to "is
// this session's tree paused?" (PauseAnswer, on its loopback endpoint), and the ledger it keeps beside its endpoint
// entries for when no window answers (PauseLedger: the pauses that hold, the session budget when budgets pause, the
// trees resumed without raising). The plugin refuses a model request of a session whose tree holds a pause, or, with
// no window to ask, whose tree spent past the session budget the ledger names. Plain data, read field by field.
import { BUDGETS, type BudgetName } from './budget';
import type { PausedSession } from './pausedSession';

/** The extension's answer for one session: whether a pause of its tree holds it, and which. */
export interface PauseAnswer {
  sessionID: string;
  rootId: string;
  holds: boolean;
  /** The pause that holds it (its own, else its tree's first). */
  pause?: PauseEntry;
  /** The tree's root title, for the refusal's words. */
  title?: string;
}

/** One pause as the ledger and the answer tell it. */
export type PauseEntry = Pick<PausedSession, 'sessionId' | 'rootId' | 'budget' | 'limit' | 'spent' | 'at'>;

export interface PauseLedger {
  v: 1;
  /** When the extension wrote it (ms): what a plugin was told later wins over it. */
  written: number;
  /** The session budget (USD) while budgets pause (budget.onExceeded = pause); absent otherwise. */
  sessionLimit?: number;
  /** The pauses that hold now. */
  pauses: PauseEntry[];
  /** Root session ids resumed without raising: they run on past the session budget until they stop. */
  exempt: string[];
}

/** At most this many pauses and exemptions are read from a ledger (the book keeps at most 500 of each). */
const MAX_ENTRIES = 1_000;
const NAMES: ReadonlySet<string> = new Set(BUDGETS);
const ID = /^[A-Za-z0-9_-]{1,200}$/;

export function readPauseEntry(value: unknown): PauseEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const [limit, spent, at] = [num(e.limit), num(e.spent), num(e.at)];
  if (typeof e.sessionId !== 'string' || !ID.test(e.sessionId) || typeof e.rootId !== 'string' || !ID.test(e.rootId)) return undefined;
  if (typeof e.budget !== 'string' || !NAMES.has(e.budget) || limit === undefined || spent === undefined || at === undefined)
    return undefined;
  return { sessionId: e.sessionId, rootId: e.rootId, budget: e.budget as BudgetName, limit, spent, at };
}

/** A ledger as stored; undefined when it is not one (anything damaged in its lists is left out alone). */
export function readPauseLedger(value: unknown): PauseLedger | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const l = value as Record<string, unknown>;
  if (l.v !== 1 || typeof l.written !== 'number' || !Number.isFinite(l.written)) return undefined;
  const sessionLimit =
    typeof l.sessionLimit === 'number' && Number.isFinite(l.sessionLimit) && l.sessionLimit > 0 ? l.sessionLimit : undefined;
  const pauses = Array.isArray(l.pauses) ? l.pauses.slice(0, MAX_ENTRIES).flatMap((p) => readPauseEntry(p) ?? []) : [];
  const exempt = Array.isArray(l.exempt)
    ? l.exempt.slice(0, MAX_ENTRIES).filter((id): id is string => typeof id === 'string' && ID.test(id))
    : [];
  return { v: 1, written: l.written, ...(sessionLimit !== undefined && { sessionLimit }), pauses, exempt };
}

/** The extension's answer as the plugin reads it; undefined when it is not one for `sessionId`. */
export function readPauseAnswer(value: unknown, sessionId: string): PauseAnswer | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const a = value as Record<string, unknown>;
  if (a.sessionID !== sessionId || typeof a.rootId !== 'string' || typeof a.holds !== 'boolean') return undefined;
  const pause = readPauseEntry(a.pause);
  const title = typeof a.title === 'string' ? a.title.slice(0, 300) : undefined;
  return { sessionID: sessionId, rootId: a.rootId, holds: a.holds, ...(pause && { pause }), ...(title !== undefined && { title }) };
}

/**
 * What the ledger says of a session in the tree of `rootId`: the pause that holds it, or (`treeCost`: what the tree
 * spent, when known) its session budget spent past, unless the tree was resumed without raising.
 */
export function ledgerHolds(
  ledger: PauseLedger,
  sessionId: string,
  rootId: string,
  treeCost: number | undefined,
): { holds: boolean; pause?: PauseEntry; over?: { limit: number; spent: number } } {
  const pause = ledger.pauses.find((p) => p.sessionId === sessionId) ?? ledger.pauses.find((p) => p.rootId === rootId);
  if (pause) return { holds: true, pause };
  const limit = ledger.sessionLimit;
  if (limit !== undefined && treeCost !== undefined && treeCost > limit && !ledger.exempt.includes(rootId))
    return { holds: true, over: { limit, spent: treeCost } };
  return { holds: false };
}

/** The words a refused model request carries (OpenCode shows them as the step's error, in every client). */
export function refusalText(pause: { budget: BudgetName; limit: number; spent?: number } | undefined, title?: string): string {
  const what = title ? `"${title.replace(/[\r\n]+/g, ' ')}"` : 'This session';
  const budget = pause
    ? `${pause.budget === 'session' ? 'session' : pause.budget === 'hour' ? 'hourly' : pause.budget === 'day' ? 'daily' : 'weekly'} budget of $${pause.limit.toFixed(2)}`
    : 'budget';
  return `OpenCode Sessions: ${what} is paused by its ${budget}. ${REFUSAL_END}`;
}

/** How every refusal's words end (refusalText), whatever the session and budget. */
const REFUSAL_END = 'The model was not asked. Raise the budget or resume it from VS Code (OpenCode Sessions: Raise Budget and Resume…).';

/**
 * Whether a step's error is a refusal of the pause gate (refusalText): the pause holding a prompt, not the session
 * failing. Two substring checks: linear in the message.
 */
export function isPauseRefusal(message: string): boolean {
  return message.includes('OpenCode Sessions: ') && message.includes(REFUSAL_END);
}

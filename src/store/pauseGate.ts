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
/** An answer's title (quoted in a refusal) is at most this long. */
const MAX_TITLE = 300;
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
  const title = typeof a.title === 'string' ? a.title.slice(0, MAX_TITLE) : undefined;
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
  const what = title ? `"${title.slice(0, MAX_TITLE).replace(/[\r\n]+/g, ' ')}"` : THIS_SESSION;
  const budget = pause ? `${BUDGET_WORDS[pause.budget]}${BUDGET_OF}${pause.limit.toFixed(2)}` : 'budget';
  return `${OPENING}${what}${PAUSED_BY}${budget}${REFUSAL_END}`;
}

/** The pieces of every refusal (refusalText), whatever the session and budget. */
const OPENING = 'OpenCode Sessions: ';
const THIS_SESSION = 'This session';
const PAUSED_BY = ' is paused by its ';
const BUDGET_OF = ' budget of $';
const REFUSAL_END = '. The model was not asked. Raise the budget or resume it from VS Code (OpenCode Sessions: Raise Budget and Resume…).';
const BUDGET_WORDS: Readonly<Record<BudgetName, string>> = { session: 'session', hour: 'hourly', day: 'daily', week: 'weekly' };
const NAMED_BUDGETS: ReadonlySet<string> = new Set(Object.values(BUDGET_WORDS));
/** An OpenCode that shows a thrown Error by its toString() (ours: not observed; 1.18.33 shows the message alone). */
const WRAPPED = 'Error: ';

/**
 * Whether a step's error is a refusal of the pause gate, worded exactly as refusalText words it: the pause holding a
 * prompt, not the session failing. A server error that only quotes a refusal is an error. Read piece by piece from
 * both ends (no RegExp): linear in the message.
 */
export function isPauseRefusal(message: string): boolean {
  const text = message.startsWith(WRAPPED) ? message.slice(WRAPPED.length) : message;
  if (text.length < OPENING.length + REFUSAL_END.length || !text.startsWith(OPENING) || !text.endsWith(REFUSAL_END)) return false;
  const words = text.slice(OPENING.length, text.length - REFUSAL_END.length);
  // The budget's words never hold PAUSED_BY; a title may.
  const at = words.lastIndexOf(PAUSED_BY);
  return at >= 0 && isRefusedWho(words.slice(0, at)) && isRefusedBudget(words.slice(at + PAUSED_BY.length));
}

/** `This session`, or a title of one line in double quotes. */
function isRefusedWho(who: string): boolean {
  if (who === THIS_SESSION) return true;
  return (
    who.length > 2 && who.length <= MAX_TITLE + 2 && who.startsWith('"') && who.endsWith('"') && !who.includes('\n') && !who.includes('\r')
  );
}

/** `budget`, or `<session|hourly|daily|weekly> budget of $<digits>.<two digits>`. */
function isRefusedBudget(budget: string): boolean {
  if (budget === 'budget') return true;
  const at = budget.indexOf(BUDGET_OF);
  return at >= 0 && NAMED_BUDGETS.has(budget.slice(0, at)) && isFixed2(budget.slice(at + BUDGET_OF.length));
}

/** A non-negative number as toFixed(2) writes it (below 1e21): digits, a point, two digits. */
function isFixed2(amount: string): boolean {
  const point = amount.length - 3;
  if (point < 1 || amount[point] !== '.') return false;
  for (let i = 0; i < amount.length; i++) if (i !== point && (amount[i] < '0' || amount[i] > '9')) return false;
  return true;
}

// What one budget check gathers and decides, with no `vscode` (BudgetEnforcer reads the settings, acts and speaks;
// the scale suite runs this): the busy and just-ended sessions of every server the window acts for, the guard's
// decision on them, and for a pause the groups it stops together. A server decides how many sessions and trees
// there are: each is handled once, and a group finds its tree's announcement by a lookup, not a scan.
import type { ServerConnection } from '../../client/serverConnection';
import type { BudgetGuard, GuardDecision, GuardInput, StopCause } from '../../store/budgetGuard';
import { guardedSessions } from '../../store/guardedSessions';
import type { Where } from './budgetNotices';

export interface CheckInput extends Omit<GuardInput, 'treeCost' | 'sessions'> {
  connections: readonly ServerConnection[];
  /** Per server id, the sessions whose run ended since the check before last (judged in pause mode only). */
  ended: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface Checked {
  decision: GuardDecision;
  /** Each guarded session's server and id, by its key. */
  where: Map<string, Where>;
  /** Each guarded session's root key, by its key. */
  rootOf: Map<string, string>;
}

export function budgetCheck(guard: BudgetGuard, { connections, ended, ...input }: CheckInput): Checked {
  const byId = new Map(connections.map((c) => [c.config.id, c]));
  const {
    sessions,
    treeCost,
    where: found,
  } = guardedSessions(
    [...byId.values()].map((c) => ({
      serverId: c.config.id,
      sessions: c.sessions,
      // Only a pause acts on a run that ended: it holds the next prompt; an abort or a warning has nothing to stop.
      ...(input.mode === 'pause' && { ended: ended.get(c.config.id) }),
    })),
  );
  const where = new Map<string, Where>();
  for (const [key, { serverId, id }] of found) where.set(key, { connection: byId.get(serverId)!, id });
  const decision = guard.decide({ ...input, treeCost, sessions });
  return { decision, where, rootOf: new Map(sessions.map((s) => [s.key, s.rootKey])) };
}

/** Sessions a pause stops together: a tree for the session budget, every session for a window. */
export interface PauseGroup {
  cause: StopCause;
  keys: string[];
  root?: string;
  /** Its tree's run over budget, or its window's crossing, was announced before this decision. */
  again: boolean;
}

/** The decision's stops grouped per budget, but sessions `pausedAlready` (another client prompted them: held). */
export function pauseGroups(
  { abort, causes, trees, crossed }: GuardDecision,
  rootOf: ReadonlyMap<string, string>,
  pausedAlready: (key: string) => boolean,
): PauseGroup[] {
  const treesNew = new Set(trees.map((t) => t.rootKey));
  const windowsNew = new Set(crossed.map((c) => c.budget));
  const groups = new Map<string, PauseGroup>();
  for (const key of abort) {
    if (pausedAlready(key)) continue;
    const cause = causes.get(key)!;
    const root = cause.budget === 'session' ? rootOf.get(key) : undefined;
    const id = root ? `session\u0000${root}` : cause.budget;
    let group = groups.get(id);
    if (!group) {
      const again = cause.budget === 'session' ? !treesNew.has(root!) : !windowsNew.has(cause.budget);
      groups.set(id, (group = { cause, keys: [], root, again }));
    }
    group.keys.push(key);
  }
  return [...groups.values()];
}

/** Per server, the sessions in either map. */
export function unionByServer(
  a: ReadonlyMap<string, Iterable<string>>,
  b: ReadonlyMap<string, Iterable<string>>,
): Map<string, Set<string>> {
  const union = new Map<string, Set<string>>();
  for (const map of [a, b])
    for (const [serverId, ids] of map) {
      const set = union.get(serverId) ?? new Set<string>();
      for (const id of ids) set.add(id);
      union.set(serverId, set);
    }
  return union;
}

// What the budget guard reads of the servers' stores: only the sessions that run (the store's index of
// them) or whose run ended since the last check, and their trees' spend; idle ones cost nothing (a budget acts only on what runs), so a check at
// 10 000 sessions stays small next to the events that made it (`npm run bench guard`).
import { selfAndAncestors } from './ancestors';
import type { GuardedSession } from './budgetGuard';
import { sessionKey } from './sessionKey';
import type { SessionReader } from './sessionReader';
import type { SessionRecord } from './sessionRecord';

export interface GuardedServer {
  serverId: string;
  sessions: SessionReader;
  /**
   * Sessions whose run ended since the last check, idle now: counted as running once (a pause must hold the next
   * prompt of a run that crossed its budget and ended between two checks).
   */
  ended?: Iterable<string>;
}

export interface GuardedSessions {
  /** The busy sessions, each with its tree's root. */
  sessions: GuardedSession[];
  /** USD spent by each busy session's task tree, by its root key. */
  treeCost: Map<string, number>;
  /** Where each busy session is: its server and id. */
  where: Map<string, { serverId: string; id: string }>;
}

export function guardedSessions(servers: readonly GuardedServer[]): GuardedSessions {
  const result: GuardedSessions = { sessions: [], treeCost: new Map(), where: new Map() };
  for (const { serverId, sessions, ended } of servers) {
    for (const record of runningOrEnded(sessions, ended)) {
      const id = record.info.id;
      let root = id;
      for (const up of selfAndAncestors(id, (c) => sessions.parentOf(c))) root = up;
      const key = sessionKey(serverId, id);
      const rootKey = sessionKey(serverId, root);
      result.sessions.push({ key, rootKey, busy: true });
      result.where.set(key, { serverId, id });
      if (!result.treeCost.has(rootKey)) {
        result.treeCost.set(rootKey, sessions.inclusive(root).cost);
        result.where.set(rootKey, { serverId, id: root });
      }
    }
  }
  return result;
}

/** The sessions not idle, then those ended since the last check (each once). */
function* runningOrEnded(sessions: SessionReader, ended: Iterable<string> | undefined): Generator<SessionRecord> {
  yield* sessions.notIdle();
  for (const id of ended ?? []) {
    const record = sessions.get(id);
    if (record && record.status.type === 'idle') yield record;
  }
}

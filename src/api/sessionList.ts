// `listSessions()` of the public API: every session of every server, as other extensions read it (no `vscode`: the
// scale suite runs it). A server decides how many sessions, sub-agents and waiting requests there are: one pass over
// each server's sessions, each session's requests sorted on their own.
import type { ServerConnection } from '../client/serverConnection';
import { stateName } from '../present/stateWords';
import type { Attention } from '../store/attention';
import type { PausedSession } from '../store/pausedSession';
import { compareRequests } from '../store/pendingRequest';
import { pauseStatus } from '../store/sessionStatus';
import type { SessionSummary } from './opencodeSessions';

export interface ListSources {
  /** What a session's root needs from the user (the app's AttentionModel.of). */
  attention?: (connection: ServerConnection, sessionId: string) => Attention | undefined;
  /** A budget's pause of the session (the app's BudgetPauses.of). */
  pauseOf?: (serverId: string, sessionId: string) => PausedSession | undefined;
}

export function sessionList(connections: readonly ServerConnection[], { attention, pauseOf }: ListSources): SessionSummary[] {
  const list: SessionSummary[] = [];
  for (const c of connections) {
    const online = c.state.kind === 'online';
    for (const r of c.sessions.all())
      list.push({
        id: r.info.id,
        parentId: r.info.parentID ?? null,
        title: r.info.title,
        server: c.label,
        serverId: c.config.id,
        state: stateName(r, online),
        waiting: [...r.requests.values()]
          .sort(compareRequests)
          .map((q) => ({ id: q.id, kind: q.kind === 'permission' ? q.kind : 'question' })),
        attention: attention?.(c, r.info.id) ?? null,
        paused: pauseStatus(pauseOf?.(c.config.id, r.info.id)),
        usage: { ...r.own },
        inclusive: { ...c.sessions.inclusive(r.info.id) },
      });
  }
  return list;
}

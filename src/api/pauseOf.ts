// The extension's answer to the OpenCode plugin's question before each model request: does a budget pause hold this
// session's tree? Its own pause, or any pause of its tree on the same server that still holds (BudgetPauses.holdsNow:
// not resuming, its budget not raised past the spend). Read from the book and the store, nothing fetched: it is
// asked once per model request.
import type { BudgetPauses } from '../app/budgets/budgetPauses';
import type { ServerRegistry } from '../app/servers/serverRegistry';
import { rootOf } from '../store/attention';
import type { PausedSession } from '../store/pausedSession';
import type { PauseAnswer, PauseEntry } from '../store/pauseGate';
import { connectionOf } from './sessionStatusOf';

export function pauseOf(
  registry: ServerRegistry,
  pauses: Pick<BudgetPauses, 'all' | 'holdsNow'>,
  sessionId: string,
): PauseAnswer | undefined {
  const connection = connectionOf(registry, sessionId);
  if (!connection) return undefined;
  const serverId = connection.config.id;
  const rootId = rootOf(connection.sessions, sessionId);
  const tree = pauses.all().filter((p) => p.serverId === serverId && (p.sessionId === sessionId || p.rootId === rootId));
  const held = tree.filter((p) => pauses.holdsNow(p));
  const pause = held.find((p) => p.sessionId === sessionId) ?? held[0];
  const title = connection.sessions.get(rootId)?.info.title;
  return {
    sessionID: sessionId,
    rootId,
    holds: pause !== undefined,
    ...(pause && { pause: entryOf(pause) }),
    ...(title !== undefined && { title }),
  };
}

/** The pause as the plugin is told it: no more than the ledger keeps. */
function entryOf({ sessionId, rootId, budget, limit, spent, at }: PausedSession): PauseEntry {
  return { sessionId, rootId, budget, limit, spent, at };
}

// The session status as the extension answers it (extension API, language-model tool, loopback endpoint):
// the session's task tree with every message read, the models' context limits, and budgets over every
// server and cluster Agent it sees. The arithmetic is store/sessionStatus.ts, shared with the plugin.
import type { ServerConnection } from '../client/serverConnection';
import type { ServerRegistry } from '../app/servers/serverRegistry';
import type { SpendWindows } from '../app/budgets/spendWindows';
import { budgetLimits } from '../app/settings/budgetLimits';
import { contextThreshold } from '../app/settings/contextThreshold';
import { buildSessionStatus, pauseStatus, type SessionStatus, type StatusScope } from '../store/sessionStatus';
import type { BudgetPauses } from '../app/budgets/budgetPauses';
import { statusSessions } from '../store/sessionStatusInput';
import { treeTimelineStatus } from '../store/timeline/treeTimeline';
import type { GoPlanStatus } from '../store/goPlan';
import { contextLimits, limitOf, loadMessages, statusTree } from './statusReads';

/** What the answer is computed from: every server the extension sees, and their spending windows. */
export interface StatusSources {
  registry: ServerRegistry;
  spend: SpendWindows;
  /** OpenCode Go's windows, when a key is set. */
  goPlan?: { status(now?: number): GoPlanStatus | undefined };
  /** What needs the user, on every server (root sessions waiting, unread). */
  attention?: { counts(): { waiting: number; unread: number } };
  /** Sessions a budget paused. */
  pauses?: Pick<BudgetPauses, 'of' | 'onDidChange'>;
}

export interface StatusOptions {
  /** session (default): this session; root: the whole task tree, answered for its root. */
  scope?: StatusScope;
}

/** The server that lists this session, if any does. */
export function connectionOf(registry: ServerRegistry, sessionId: string): ServerConnection | undefined {
  return registry.all.find((c) => c.sessions.get(sessionId));
}

/** The status, or undefined for a session no server lists. An offline server answers from what is known, marked stale. */
export async function sessionStatusOf(
  { registry, spend, goPlan, attention, pauses }: StatusSources,
  sessionId: string,
  options: StatusOptions = {},
): Promise<SessionStatus | undefined> {
  const connection = connectionOf(registry, sessionId);
  if (!connection) return undefined;
  const tree = statusTree(connection, sessionId);
  // Every reply of the week on every server, so the hour, day and week windows are exact.
  spend.current(true);
  await Promise.all([...tree.map((id) => loadMessages(connection, id)), spend.settled()]);
  const [limits, pricer] = await Promise.all([contextLimits(connection, tree), connection.listPrices.load()]);
  const sessions = statusSessions(connection.sessions, sessionId, limitOf(limits), pricer);
  if (!sessions) return undefined;
  const now = Date.now();
  const pace = spend.pace(now);
  const serverPace = pace.servers.find((s) => s.id === connection.config.id)?.pace;
  const status = buildSessionStatus({
    sessionId,
    server: connection.label,
    sessions,
    scope: options.scope,
    compactAt: contextThreshold(),
    budgets: { limits: budgetLimits(), windows: spend.current(true, now), pace: pace.all, serverPace },
    now,
    plan: goPlan?.status(now) ?? null,
    stale: connection.staleSince,
  });
  if (!status) return undefined;
  // Built in slices: a tree of 50 000 messages would hold the extension host for long.
  const timeline = (await treeTimelineStatus(connection.sessions, status.session.id, now)) ?? null;
  return {
    ...status,
    timeline,
    ...(pauses && { paused: pauseStatus(pauses.of(connection.config.id, status.session.id)) }),
    ...(attention && { attention: attention.counts() }),
  };
}

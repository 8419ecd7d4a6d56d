// What every feature shares: the servers and their sessions as one model, the active session, what was spent
// in the budget windows, the cluster, the sessions view's contract and the command kit. Features receive it
// from activate() and register against it; none of this knows a feature.
import * as vscode from 'vscode';
import { ActiveSession } from './sessions/activeSession';
import { AttentionModel } from './sessions/attention';
import { OtherWindows } from './host/sharedState';
import { BudgetPauses } from './budgets/budgetPauses';
import { ClusterManager } from './cluster/clusterManager';
import { SessionTargets } from './commands/sessionTarget';
import { createLogger, type ExtensionLogger } from './host/log';
import { ServerRegistry } from './servers/serverRegistry';
import { SessionsModel } from './sessions/sessionsModel';
import { SessionsView } from './sessions/sessionsView';
import { SpendWindows } from './budgets/spendWindows';
import { countListPrice } from './settings/listPrice';
import { GoPlanModel } from './goPlan/goPlanModel';
import { SessionDecorations } from './sessions/sessionDecorations';
import { pausedMark, unreadMark, waitingMark } from './sessions/sessionMarks';

export interface App extends vscode.Disposable {
  readonly extension: vscode.ExtensionContext;
  readonly log: ExtensionLogger;
  readonly registry: ServerRegistry;
  /** Every server's sessions, one batched change per frame. */
  readonly sessions: SessionsModel;
  readonly active: ActiveSession;
  /** Root sessions waiting for you or unread, on every server. */
  readonly attention: AttentionModel;
  /** Sessions a budget paused, kept across restarts and shared by the windows. */
  readonly budgetPauses: BudgetPauses;
  /** What marks each session (paused, waiting, unread), merged: what the tree, status bar, Switch Session and badge show. */
  readonly decorations: SessionDecorations;
  /** What every server spent in the last hour, today and this week. */
  readonly spend: SpendWindows;
  /** OpenCode Go's plan windows, read when the user set a Go key. */
  readonly goPlan: GoPlanModel;
  /** The kubeopencode cluster (its backend loads only once enabled). */
  readonly cluster: ClusterManager;
  /** The sessions view, as the features that add rows or read its selection see it. */
  readonly view: SessionsView;
  /** The command kit: the session a command acts on. */
  readonly targets: SessionTargets;
}

export function createApp(extension: vscode.ExtensionContext): App {
  const log = createLogger();
  const registry = new ServerRegistry(extension.secrets, log);
  const sessions = new SessionsModel(registry);
  const active = new ActiveSession(sessions, extension.workspaceState);
  const otherWindows = new OtherWindows();
  const attention = new AttentionModel(sessions, active, extension.globalState, otherWindows);
  const budgetPauses = new BudgetPauses(
    sessions,
    { memento: extension.globalState, folder: `${extension.globalStorageUri.fsPath}/budget`, otherWindows },
    log,
  );
  // Loads nothing Kubernetes-related until the cluster view is turned on (opencodeSessions.kubernetes.enabled).
  const cluster = new ClusterManager(extension.extensionPath, registry, log);
  const view = new SessionsView();
  // In the order their icons and words lead.
  const decorations = new SessionDecorations();
  for (const mark of [pausedMark(budgetPauses), waitingMark(attention, sessions), unreadMark(attention)]) decorations.register(mark);
  const goPlan = new GoPlanModel(extension.secrets, registry, log);
  return {
    extension,
    log,
    registry,
    sessions,
    active,
    attention,
    budgetPauses,
    decorations,
    spend: new SpendWindows(registry, countListPrice),
    goPlan,
    cluster,
    view,
    targets: new SessionTargets(registry, active, view, decorations),
    // The listeners first, then the cluster's relays, the connections and last the log they write to.
    dispose: () => {
      vscode.Disposable.from(
        goPlan,
        decorations,
        budgetPauses,
        attention,
        otherWindows,
        active,
        sessions,
        cluster,
        registry,
        log,
      ).dispose();
    },
  };
}

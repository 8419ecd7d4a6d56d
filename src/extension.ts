import * as vscode from 'vscode';
import type { ServerConnection } from './client/serverConnection';
import { ActiveSession } from './app/activeSession';
import { createPublicApi } from './api/extensionApi';
import { registerStatusTool } from './api/languageModelTool';
import { sessionStatusPluginUrl } from './app/pluginLocation';
import { serveStatusEndpoint, type StatusEndpointHost } from './api/serveStatusEndpoint';
import { sessionStatusOf } from './api/sessionStatusOf';
import type { OpencodeSessionsExtension } from './api/opencodeSessions';
import { ClusterManager } from './app/cluster/clusterManager';
import { kubeBackendLoaded } from './app/cluster/loadKubeBackend';
import { registerCommands } from './features/commands';
import { createLogger } from './app/log';
import { UsagePanelHost } from './features/usage/usagePanelHost';
import { promptOnAuthFailure } from './features/servers/authPrompt';
import { LocalServerManager } from './features/servers/localServer';
import { ServerRegistry } from './app/serverRegistry';
import { CostStatusBar } from './features/statusBar/statusBar';
import { SpendWindows } from './app/spendWindows';
import { BudgetEnforcer } from './features/budget/budgetEnforcer';
import { RequestNotifier } from './features/inbox/requestNotifier';
import { WaitingRequests } from './features/inbox/waitingRequests';
import { WaitingStatusBar } from './features/inbox/waitingStatusBar';
import { SessionChanges } from './features/changes/sessionChanges';
import { registerChangeDocuments } from './features/changes/changeDocuments';
import { SessionTreeProvider, type ViewNode } from './features/sessions/tree/sessionTreeProvider';
import { bindViewSettings } from './features/sessions/tree/viewSettings';

/**
 * Returned from activate(): `getAPI(1)` for other extensions (see api/opencodeSessions.d.ts), and the parts
 * the integration tests (running inside VS Code) inspect.
 */
export interface ExtensionApi extends OpencodeSessionsExtension {
  /** How long activate() ran, in ms: the smoke test prints it and `npm run bench` reads it. */
  activationMs: number;
  connections(): readonly ServerConnection[];
  registry: ServerRegistry;
  tree: SessionTreeProvider;
  /** This extension's log folder; the tests scan the logs around it for secrets. */
  logUri: vscode.Uri;
  /** The 127.0.0.1:4096 probe and the embedded `opencode serve`. */
  localServer: LocalServerManager;
  /** The session the status bar, the usage panel and session commands follow. */
  active: ActiveSession;
  /** The usage webview panel. */
  usage: UsagePanelHost;
  /** The active session's cost in the status bar. */
  statusBar: CostStatusBar;
  /** The kubeopencode cluster view, and whether its backend (with @kubernetes/client-node) was loaded. */
  cluster: ClusterManager;
  kubeBackendLoaded(): boolean;
  /** Budgets that abort (opencodeSessions.budget.onExceeded = abort). */
  budgetEnforcer: BudgetEnforcer;
  /** The files sessions changed, per turn. */
  changes: SessionChanges<ServerConnection>;
  /** `$(bell) N waiting` while permission requests or questions wait, and their notifications. */
  waitingStatusBar: WaitingStatusBar;
  requestNotifier: RequestNotifier;
  /** The loopback endpoint the session_status plugin asks (its discovery file and address, once listening). */
  statusEndpoint: StatusEndpointHost;
}

// deactivate() has no context; it awaits this one's shutdown so the process is gone before VS Code exits.
let localServer: LocalServerManager | undefined;

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const log = createLogger();
  const registry = new ServerRegistry(context.secrets, log);
  const tree = new SessionTreeProvider();
  const view = vscode.window.createTreeView('opencodeSessions.sessions', { treeDataProvider: tree, showCollapseAll: true });
  registry.onDidChange.on((connections) => tree.setConnections([...connections]));
  // The server we start gets our session_status tool, so its agents can read their usage.
  localServer = new LocalServerManager(registry, log, { plugin: [sessionStatusPluginUrl(context.extensionPath)] });
  const active = new ActiveSession(registry, context.workspaceState);
  // The local server first: it is disposed while the log and the registry still work.
  // Registers the webview serializer now, so a panel open before a reload comes back.
  const usage = new UsagePanelHost(context.extensionUri, active);
  // Loads nothing Kubernetes-related until the cluster view is turned on (opencodeSessions.kubernetes.enabled).
  const cluster = new ClusterManager(context.extensionPath, registry, log);
  // Everything that waits for an answer, on every server: the status bar item, notifications and the quick pick read it.
  const waiting = new WaitingRequests(registry);
  const waitingStatusBar = new WaitingStatusBar(waiting);
  const requestNotifier = new RequestNotifier(waiting);
  context.subscriptions.push(localServer, log, cluster, registry, tree, view, active, usage, tree.attachCluster(cluster, registry), waiting, waitingStatusBar, requestNotifier);
  // What sessions changed on disk, read per session once its row is shown, and served to the diff editor.
  const changes = new SessionChanges<ServerConnection>((c, id, err) => log.warn(`${c.label}: could not read the changes of ${id}: ${err instanceof Error ? err.message : String(err)}`));
  context.subscriptions.push(tree.attachChanges(changes), registerChangeDocuments(registry, changes));
  context.subscriptions.push(...registerCommands({ extension: context, registry, tree, view, log, localServer, active, usage, cluster, waiting, changes }));
  context.subscriptions.push(
    promptOnAuthFailure(registry, (c) => tree.serverNode(c)),
    bindViewSettings(tree, view, registry), // before reload(): new servers list archived sessions if asked
    followSelection(view, active),
  );
  // What every server spent in the last hour, today and this week: the status bar, budgets and session_status share it.
  const spend = new SpendWindows(registry);
  const statusBar = new CostStatusBar(active, registry, spend, cluster);
  const sources = { registry, spend };
  const publicApi = createPublicApi(sources);
  const statusEndpoint = serveStatusEndpoint((id, scope) => sessionStatusOf(sources, id, { scope }), log, workspaceFolderPaths);
  const budgetEnforcer = new BudgetEnforcer(registry, spend, log);
  context.subscriptions.push(
    statusBar,
    budgetEnforcer,
    publicApi,
    { dispose: () => void statusEndpoint.dispose() },
    vscode.workspace.onDidChangeWorkspaceFolders(() => statusEndpoint.foldersChanged()),
    registerStatusTool(sources, active),
  );
  registry.reload();
  localServer.activate();
  cluster.start();
  const activationMs = performance.now() - started;
  return { activationMs, getAPI: (version: 1) => publicApi.getAPI(version), statusEndpoint, budgetEnforcer, connections: () => registry.all, registry, tree, logUri: context.logUri, localServer, active, usage, statusBar, cluster, kubeBackendLoaded, waitingStatusBar, requestNotifier, changes };
}

/** Picking a session in the tree makes it the active one. */
function followSelection(view: vscode.TreeView<ViewNode>, active: ActiveSession): vscode.Disposable {
  return view.onDidChangeSelection(({ selection }) => {
    const node = selection[0];
    if (node?.kind === 'session') active.set({ serverId: node.connection.config.id, sessionId: node.sessionId });
  });
}

export function deactivate(): Promise<void> | undefined {
  // Everything else is disposed through context.subscriptions.
  return localServer?.shutdown();
}

/** This window's workspace folders on disk: the OpenCode plugin asks the window holding its server's folder first. */
function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

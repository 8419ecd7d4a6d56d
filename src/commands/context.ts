import type * as vscode from 'vscode';
import type { ActiveSession } from '../activeSession';
import type { ClusterManager } from '../k8s/clusterManager';
import type { ExtensionLogger } from '../log';
import type { UsagePanelHost } from '../panel/usagePanelHost';
import type { LocalServerManager } from '../servers/localServer';
import type { ServerRegistry } from '../servers/serverRegistry';
import type { WaitingRequests } from '../status/waitingRequests';
import type { ServerConnection } from '../client/serverConnection';
import type { SessionChanges } from '../client/sessionChanges';
import type { ViewNode } from '../tree/sessionTreeProvider';
import type { SessionTreeProvider } from '../tree/sessionTreeProvider';

/** What every command may use; each command lives in a file of its own and registers itself. */
export interface CommandContext {
  extension: vscode.ExtensionContext;
  registry: ServerRegistry;
  tree: SessionTreeProvider;
  view: vscode.TreeView<ViewNode>;
  log: ExtensionLogger;
  localServer: LocalServerManager;
  active: ActiveSession;
  /** The usage webview (Show Usage). */
  usage?: UsagePanelHost;
  /** The files sessions changed, per turn, read on demand. */
  changes: SessionChanges<ServerConnection>;
  /** Every request that waits for an answer, on every server. */
  waiting: WaitingRequests;
  /** The kubeopencode cluster view (its backend loads only once enabled). */
  cluster?: ClusterManager;
}

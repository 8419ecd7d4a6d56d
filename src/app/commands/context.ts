import type * as vscode from 'vscode';
import type { ActiveSession } from '../activeSession';
import type { ClusterManager } from '../cluster/clusterManager';
import type { ExtensionLogger } from '../log';
import type { UsagePanelHost } from '../../features/usage/usagePanelHost';
import type { LocalServerManager } from '../../features/servers/localServer';
import type { ServerRegistry } from '../serverRegistry';
import type { WaitingRequests } from '../../features/inbox/waitingRequests';
import type { ServerConnection } from '../../client/serverConnection';
import type { SessionChanges } from '../../features/changes/sessionChanges';
import type { ViewNode } from '../../features/sessions/tree/sessionTreeProvider';
import type { SessionTreeProvider } from '../../features/sessions/tree/sessionTreeProvider';

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

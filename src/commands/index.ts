import type * as vscode from 'vscode';
import { registerAbortSession } from './abortSession';
import { registerOpenAllChanges } from './openAllChanges';
import { registerOpenChange } from './openChange';
import { registerOpenChangedFile } from './openChangedFile';
import { registerRevertTurn } from './revertTurn';
import { registerShowTurnChanges } from './showTurnChanges';
import { registerSubagentChanges } from './subagentChanges';
import { registerUnrevertSession } from './unrevertSession';
import { registerAllowAlways } from './allowAlways';
import { registerAllowOnce } from './allowOnce';
import { registerAnswerQuestion } from './answerQuestion';
import { registerRejectRequest } from './rejectRequest';
import { registerRespondToRequest } from './respondToRequest';
import { registerShowPendingRequests } from './showPendingRequests';
import { registerChooseClusterContext } from './chooseClusterContext';
import { registerChooseClusterNamespaces } from './chooseClusterNamespaces';
import { registerChooseKubeconfig } from './chooseKubeconfig';
import { registerConnectCluster, registerDisconnectCluster, registerRetryCluster } from './connectCluster';
import { registerOpenTaskSession } from './openTaskSession';
import { registerCompactSession } from './compactSession';
import { registerCopySessionId } from './copySessionId';
import { registerDeleteSession } from './deleteSession';
import { registerForkSession } from './forkSession';
import { registerOpenSessionInBrowser } from './openSessionInBrowser';
import { registerOpenSessionInTerminal } from './openSessionInTerminal';
import { registerInstallStatusTool } from './installStatusTool';
import { registerRaiseBudget } from './raiseBudget';
import { registerRefreshSession } from './refreshSession';
import { registerRenameSession } from './renameSession';
import { registerShareSession, registerUnshareSession } from './shareSession';
import { registerSwitchSession } from './switchSession';
import { registerAddServer } from './addServer';
import { registerClearFilter } from './clearFilter';
import type { CommandContext } from './context';
import { registerFilter } from './filter';
import { registerOpenSettings } from './openSettings';
import { registerReconnect } from './reconnect';
import { registerRefresh } from './refresh';
import { registerRemoveServer } from './removeServer';
import { registerSetPassword } from './setPassword';
import { registerHideArchived, registerShowArchived } from './showArchived';
import { registerShowLog } from './showLog';
import { registerShowUsage } from './showUsage';
import { registerSortBy } from './sortBy';
import { registerStartLocalServer } from './startLocalServer';
import { registerStopLocalServer } from './stopLocalServer';

// One line per command, so that adding one never touches another's line.
const registrations: Array<(context: CommandContext) => vscode.Disposable> = [
  registerRefresh,
  registerAddServer,
  registerRemoveServer,
  registerReconnect,
  registerSetPassword,
  registerShowLog,
  registerOpenSettings,
  registerStartLocalServer,
  registerStopLocalServer,
  registerSortBy,
  registerFilter,
  registerClearFilter,
  registerShowArchived,
  registerHideArchived,
  registerSwitchSession,
  registerCompactSession,
  registerAbortSession,
  registerRenameSession,
  registerDeleteSession,
  registerForkSession,
  registerCopySessionId,
  registerShareSession,
  registerUnshareSession,
  registerOpenSessionInBrowser,
  registerOpenSessionInTerminal,
  registerRefreshSession,
  registerShowUsage,
  registerConnectCluster,
  registerDisconnectCluster,
  registerRetryCluster,
  registerChooseClusterContext,
  registerChooseClusterNamespaces,
  registerChooseKubeconfig,
  registerOpenTaskSession,
  registerRaiseBudget,
  registerInstallStatusTool,
  registerAllowOnce,
  registerAllowAlways,
  registerRejectRequest,
  registerAnswerQuestion,
  registerRespondToRequest,
  registerShowPendingRequests,
  registerOpenChange,
  registerOpenChangedFile,
  registerOpenAllChanges,
  registerShowTurnChanges,
  registerRevertTurn,
  registerUnrevertSession,
  registerSubagentChanges,
];

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  return registrations.map((register) => register(context));
}

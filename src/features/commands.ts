import type * as vscode from 'vscode';
import { registerAbortSession } from './sessions/commands/abortSession';
import { registerOpenAllChanges } from './changes/openAllChanges';
import { registerOpenChange } from './changes/openChange';
import { registerOpenChangedFile } from './changes/openChangedFile';
import { registerRevertTurn } from './changes/revertTurn';
import { registerShowTurnChanges } from './changes/showTurnChanges';
import { registerSubagentChanges } from './changes/subagentChanges';
import { registerUnrevertSession } from './changes/unrevertSession';
import { registerAllowAlways } from './inbox/allowAlways';
import { registerAllowOnce } from './inbox/allowOnce';
import { registerAnswerQuestion } from './inbox/answerQuestion';
import { registerRejectRequest } from './inbox/rejectRequest';
import { registerRespondToRequest } from './inbox/respondToRequest';
import { registerShowPendingRequests } from './inbox/showPendingRequests';
import { registerChooseClusterContext } from './cluster/chooseClusterContext';
import { registerChooseClusterNamespaces } from './cluster/chooseClusterNamespaces';
import { registerChooseKubeconfig } from './cluster/chooseKubeconfig';
import { registerConnectCluster, registerDisconnectCluster, registerRetryCluster } from './cluster/connectCluster';
import { registerOpenTaskSession } from './cluster/openTaskSession';
import { registerCompactSession } from './sessions/commands/compactSession';
import { registerCopySessionId } from './sessions/commands/copySessionId';
import { registerDeleteSession } from './sessions/commands/deleteSession';
import { registerForkSession } from './sessions/commands/forkSession';
import { registerOpenSessionInBrowser } from './sessions/commands/openSessionInBrowser';
import { registerOpenSessionInTerminal } from './sessions/commands/openSessionInTerminal';
import { registerInstallStatusTool } from './servers/installStatusTool';
import { registerRaiseBudget } from './budget/raiseBudget';
import { registerRefreshSession } from './sessions/commands/refreshSession';
import { registerRenameSession } from './sessions/commands/renameSession';
import { registerShareSession, registerUnshareSession } from './sessions/commands/shareSession';
import { registerSwitchSession } from './sessions/commands/switchSession';
import { registerAddServer } from './servers/addServer';
import { registerClearFilter } from './sessions/commands/clearFilter';
import type { CommandContext } from '../app/commands/context';
import { registerFilter } from './sessions/commands/filter';
import { registerOpenSettings } from './servers/openSettings';
import { registerReconnect } from './servers/reconnect';
import { registerRefresh } from './servers/refresh';
import { registerRemoveServer } from './servers/removeServer';
import { registerSetPassword } from './servers/setPassword';
import { registerHideArchived, registerShowArchived } from './sessions/commands/showArchived';
import { registerShowLog } from './servers/showLog';
import { registerShowUsage } from './usage/showUsage';
import { registerSortBy } from './sessions/commands/sortBy';
import { registerStartLocalServer } from './servers/startLocalServer';
import { registerStopLocalServer } from './servers/stopLocalServer';

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

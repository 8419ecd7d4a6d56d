// What other tools read: getAPI(1) for other extensions, the language-model tool for chat, and the loopback
// endpoint the session_status plugin asks (its status, and before each model request whether a budget pause holds
// the session), with the ledger of pauses it keeps to when no window answers. Each answers from the same state the
// views show.
import * as vscode from 'vscode';
import type { App } from '../app';
import { createPublicApi } from './extensionApi';
import { registerStatusTool } from './languageModelTool';
import type { OpencodeSessionsExtension } from './opencodeSessions';
import { endpointDir } from '../client/discovery/endpointDiscovery';
import { PauseLedgerWriter } from '../app/budgets/pauseLedger';
import { pauseOf } from './pauseOf';
import { serveStatusEndpoint, type StatusEndpointHost } from './serveStatusEndpoint';
import { sessionStatusOf } from './sessionStatusOf';
export { exportedApi, isTestRun, type PublicExports } from './exportedApi';

export function registerApi(app: App): { publicApi: OpencodeSessionsExtension; statusEndpoint: StatusEndpointHost } {
  const sources = { registry: app.registry, spend: app.spend, goPlan: app.goPlan, attention: app.attention, pauses: app.budgetPauses };
  const publicApi = createPublicApi(sources, app.sessions, app.attention);
  const statusEndpoint = serveStatusEndpoint(
    (id, scope) => sessionStatusOf(sources, id, { scope }),
    app.log,
    workspaceFolderPaths,
    endpointDir(),
    (id) => pauseOf(app.registry, app.budgetPauses, id),
  );
  app.extension.subscriptions.push(
    publicApi,
    // What the plugin keeps to when no window answers it (VS Code closed or busy).
    new PauseLedgerWriter(app.budgetPauses, app.log),
    { dispose: () => void statusEndpoint.dispose() },
    vscode.workspace.onDidChangeWorkspaceFolders(() => statusEndpoint.foldersChanged()),
    registerStatusTool(sources, app.active),
  );
  return { publicApi, statusEndpoint };
}

/** This window's workspace folders on disk: the OpenCode plugin asks the window holding its server's folder first. */
function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

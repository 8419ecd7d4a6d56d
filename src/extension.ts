// activate(): the app (what every feature shares), then the features against it, then what other tools read.
// ARCHITECTURE.md draws the layers and says where a new feature goes.
import * as vscode from 'vscode';
import { exportedApi, isTestRun, registerApi, type PublicExports } from './api';
import { createApp, type App } from './app';
import { kubeBackendLoaded } from './app/cluster/loadKubeBackend';
import { registerFeatures, type Features } from './features';
import { said } from './app/host/notify';

type PublicApi = ReturnType<typeof registerApi>['publicApi'];

/**
 * Returned from activate() in a test run: `getAPI(1)` (all other extensions get, see api/opencodeSessions.d.ts),
 * and the parts the integration tests (running inside VS Code) inspect. See api/exportedApi.ts.
 */
export interface ExtensionApi extends PublicApi, Features {
  /** How long activate() ran, in ms: the smoke test prints it and `npm run bench` reads it. */
  activationMs: number;
  connections(): App['registry']['all'];
  registry: App['registry'];
  /** This extension's log folder; the tests scan the logs around it for secrets. */
  logUri: vscode.Uri;
  /** The session the status bar, the usage panel and session commands follow. */
  active: App['active'];
  /** The kubeopencode cluster view, and whether its backend (with @kubernetes/client-node) was loaded. */
  cluster: App['cluster'];
  kubeBackendLoaded(): boolean;
  /** The loopback endpoint the session_status plugin asks (its discovery file and address, once listening). */
  statusEndpoint: ReturnType<typeof registerApi>['statusEndpoint'];
  /** OpenCode Go's plan windows (read once a Go key is set). */
  goPlan: App['goPlan'];
  /** What needs the user: waiting and unread root sessions. */
  attention: App['attention'];
  /** Sessions a budget paused, as every view reads them. */
  budgetPauses: App['budgetPauses'];
  /** Every notification's message, newest last (notify.ts). */
  said: typeof said;
  /** What marks each session (paused, waiting, unread), merged as the views read it. */
  decorations: App['decorations'];
}

// deactivate() has no context; it awaits the local server's shutdown so the process is gone before VS Code exits, and
// content search's saves, so the next owner of an index loads all of it.
let localServer: Features['localServer'] | undefined;
/** Content search: deactivate() awaits its saves, so an index is whole when the next owner loads it. */
let search: Features['search'] | undefined;

export function activate(context: vscode.ExtensionContext): ExtensionApi | PublicExports {
  const started = performance.now();
  const app = createApp(context);
  const features = registerFeatures(app);
  const { publicApi, statusEndpoint } = registerApi(app);
  // Disposed after the features: the connections and the log outlive everything that uses them.
  context.subscriptions.push(app);
  localServer = features.localServer;
  search = features.search;
  app.registry.reload();
  localServer.activate();
  app.cluster.start();
  const activationMs = performance.now() - started;
  const { registry, active, cluster, goPlan, attention, budgetPauses, decorations } = app;
  const full: ExtensionApi = {
    ...features,
    activationMs,
    getAPI: (version: 1) => publicApi.getAPI(version),
    statusEndpoint,
    connections: () => registry.all,
    registry,
    logUri: context.logUri,
    active,
    cluster,
    kubeBackendLoaded,
    goPlan,
    attention,
    budgetPauses,
    said,
    decorations,
  };
  return exportedApi(full, isTestRun(context.extensionMode === vscode.ExtensionMode.Test));
}

export async function deactivate(): Promise<void> {
  // Everything else is disposed through context.subscriptions.
  await Promise.all([localServer?.shutdown(), search?.shutdown()]);
}

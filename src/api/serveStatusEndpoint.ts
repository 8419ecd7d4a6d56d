// Runs the loopback status endpoint for as long as the extension is active, and tells the plugin where it
// is through the discovery file. Never logs the token.
import type * as vscode from 'vscode';
import type { Logger } from '../client/logger';
import { endpointFile, removeEndpointInfo, writeEndpointInfo } from '../client/endpointDiscovery';
import { sessionStatusOf, type StatusSources } from './sessionStatusOf';
import { startStatusEndpoint, type StatusEndpoint } from './statusEndpoint';

export interface StatusEndpointHost extends vscode.Disposable {
  /** Settles once the endpoint listens and the file is written (undefined if it could not start). */
  readonly ready: Promise<StatusEndpoint | undefined>;
  readonly file: string;
}

export function serveStatusEndpoint(sources: StatusSources, log: Logger): StatusEndpointHost {
  const file = endpointFile();
  let disposed = false;
  const ready = startStatusEndpoint((id, scope) => sessionStatusOf(sources, id, { scope }))
    .then(async (endpoint) => {
      if (disposed) return void (await endpoint.close());
      writeEndpointInfo(file, { url: endpoint.url, token: endpoint.token, pid: process.pid });
      log.info(`session_status: answering the OpenCode plugin on ${endpoint.url} (found through ${file}).`);
      return endpoint;
    })
    .catch((err: unknown) => {
      log.warn(`session_status: the loopback endpoint did not start (${err instanceof Error ? err.message : String(err)}); the plugin computes its own figures, without budgets.`);
      return undefined;
    });
  return {
    ready,
    file,
    dispose() {
      disposed = true;
      removeEndpointInfo(file);
      void ready.then((endpoint) => endpoint?.close());
    },
  };
}

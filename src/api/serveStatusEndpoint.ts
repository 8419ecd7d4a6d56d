// Runs this window's loopback status endpoint for as long as the extension is active, and tells the plugin
// where it is through this window's own discovery entry (rewritten when the workspace folders change,
// removed on dispose; other windows' entries are never touched, dead ones are cleaned). Never logs the token.
// No `vscode` here: a plain Node process can serve an endpoint the same way (the plugin's unit tests).
import type { Logger } from '../base/logger';
import {
  endpointDir,
  newEntryFile,
  pidNamespace,
  readEndpoints,
  removeEndpointInfo,
  writeEndpointInfo,
} from '../client/discovery/endpointDiscovery';
import { startStatusEndpoint, type PauseQuestion, type StatusAnswer, type StatusEndpoint } from './statusEndpoint';

export interface StatusEndpointHost {
  /** Settles once the endpoint listens and the entry is written (undefined if it could not start). */
  readonly ready: Promise<StatusEndpoint | undefined>;
  /** This window's discovery entry. */
  readonly file: string;
  /** Writes the entry again with the folders as they are now. */
  foldersChanged(): void;
  /** Removes the entry and closes the endpoint. */
  dispose(): Promise<void>;
}

/** `folders`: the window's workspace folders (absolute paths), read whenever the entry is written. */
export function serveStatusEndpoint(
  answer: StatusAnswer,
  log: Logger,
  folders: () => string[],
  dir = endpointDir(),
  pauseOf?: PauseQuestion,
): StatusEndpointHost {
  const file = newEntryFile(dir);
  const startedAt = Date.now();
  let disposed = false;
  let endpoint: StatusEndpoint | undefined;
  const write = () =>
    endpoint &&
    !disposed &&
    writeEndpointInfo(file, {
      url: endpoint.url,
      token: endpoint.token,
      pid: process.pid,
      folders: folders(),
      startedAt,
      pidNamespace: pidNamespace(),
    });
  const ready = startStatusEndpoint(answer, pauseOf)
    .then(async (started) => {
      if (disposed) return void (await started.close());
      endpoint = started;
      // Reading the entries removes those of windows that died without removing theirs.
      readEndpoints(dir);
      try {
        write();
      } catch (err) {
        // A folder that cannot be used (another user's, a symlink): nothing would find this endpoint.
        await started.close();
        throw err;
      }
      log.info(`session_status: answering the OpenCode plugin on ${started.url} (found through ${file}).`);
      return started;
    })
    .catch((err: unknown) => {
      log.warn(
        `session_status: the loopback endpoint did not start (${err instanceof Error ? err.message : String(err)}); the plugin computes its own figures, without budgets.`,
      );
      return undefined;
    });
  return {
    ready,
    file,
    foldersChanged: () => {
      try {
        write();
      } catch (err) {
        log.warn(`session_status: cannot update ${file}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    async dispose() {
      disposed = true;
      removeEndpointInfo(file);
      await (await ready)?.close();
    },
  };
}

// A session's waiting requests as the tree shows them, and the wait for a session to have nothing waiting.
import type { ServerConnection } from '../../../src/client/serverConnection';
import type { ExtensionApi } from '../../../src/extension';
import { waitFor } from './extensionApi';

/** The one request row under the session `id` (a permission or a form), once the tree shows it. */
export function requestRow(api: ExtensionApi, connection: ServerConnection, id: string) {
  return waitFor(
    `a request row under ${id}`,
    () =>
      api.tree
        .getChildren(api.tree.sessionNode(connection, id))
        .filter((n) => n.kind === 'request')
        .map((node) => ({ node, item: api.tree.getTreeItem(node) })),
    (rows) => rows.length === 1,
    60_000,
  ).then((rows) => rows[0]);
}

/** Waits until the session `id` is idle with nothing waiting. */
export function idleWithNothingWaiting(connection: () => ServerConnection, id: string) {
  return waitFor(
    `${id} idle with nothing waiting`,
    () => connection().sessions.get(id),
    (r) => r?.status.type === 'idle' && r.requests.size === 0,
    60_000,
  );
}

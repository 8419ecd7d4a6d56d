// Changes: the files sessions changed, per turn, read once a session's row is shown: rows under the session,
// read-only documents for the diff editor, and the commands that open, revert and restore them.
import type { App } from '../../app';
import type { ServerConnection } from '../../client/serverConnection';
import { registerChangeCommands } from './changeCommands';
import { registerChangeDocuments } from './changeDocuments';
import { ChangeRows } from './changeRows';
import { SessionChanges } from './sessionChanges';

export type { ChangedFileNode, ChangedMeanwhileNode, ChangesNode } from './changeRows';

export function registerChanges(app: App): { changes: SessionChanges<ServerConnection> } {
  const changes = new SessionChanges<ServerConnection>((c, id, err) =>
    app.log.warn(`${c.label}: could not read the changes of ${id}: ${err instanceof Error ? err.message : String(err)}`),
  );
  const rows = new ChangeRows(
    changes,
    () => app.view.rows,
    (id) => app.registry.get(id),
  );
  app.extension.subscriptions.push(
    rows,
    app.view.contribute(rows),
    registerChangeDocuments(app.registry, changes),
    registerChangeCommands(app.targets, changes),
  );
  return { changes };
}

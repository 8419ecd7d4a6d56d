// A Task row links to its session on the Agent's server: the recorded id once the Task ended, else the
// session kubeopencode titled after the Task (looked up on the server when the tree has not listed it yet).
import * as vscode from 'vscode';
import { showInformation } from '../../app/host/notify';
import type { TaskNode } from './clusterNodes';
import { expectedTitle, findLiveTaskSession } from '../../store/k8s';
import type { SessionsView } from '../../app/sessions/sessionsView';
import type { Logger } from '../../base/logger';
import type { ClusterTree } from './clusterTree';

export function registerOpenTaskSession(tree: ClusterTree, view: SessionsView, log: Logger): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.openTaskSession', async (node?: TaskNode) => {
    if (node?.kind !== 'task') return;
    const found = tree.taskSession(node);
    if (!found) return;
    const { task, connection } = found;
    if (!connection) {
      void showInformation(vscode.l10n.t('Task {0} has no Agent server to show its session on.', task.metadata.name));
      return;
    }
    let sessionId = found.sessionId;
    const title = task.status?.session?.title || expectedTitle(task);
    if (!sessionId && title && connection.state.kind === 'online') {
      try {
        const listed = await connection.api.searchSessions(title);
        sessionId = findLiveTaskSession(
          task,
          listed.map((s) => ({ id: s.id, title: s.title, created: s.time.created })),
        );
      } catch (err) {
        log.warn(`Finding the session of Task ${task.metadata.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (!sessionId) {
      void showInformation(vscode.l10n.t('The session of Task {0} is not on {1} (yet).', task.metadata.name, connection.label));
      return;
    }
    if (!(await view.rows.reveal(connection, sessionId)))
      // E.g. a finished Task whose session the Agent's server no longer lists (deleted, archived, or older than its list).
      void showInformation(
        vscode.l10n.t(
          'The session of Task {0} ({1}) is not among the sessions loaded from {2}, so it cannot be shown; the status bar and the usage panel stay where they were.',
          task.metadata.name,
          sessionId,
          connection.label,
        ),
      );
  });
}

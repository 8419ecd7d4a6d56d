// The cluster's rows in the sessions view: cluster → namespaces → Agents (each its server's row, placed under
// its namespace, with a notice first while it cannot be up) and Tasks; redrawn with each snapshot, its totals
// at most once a second while its Agents' sessions move, a Task's row with its session's, and a running Task's row
// (with its session's) when its clock reads differently.
import type * as vscode from 'vscode';
import type { ClusterManager } from '../../app/cluster';
import { Disposable } from '../../base/disposable';
import type { SessionsModel } from '../../app/sessions/sessionsModel';
import type { Row, RowContribution, RowHost, ServerRow } from '../../app/sessions/sessionsView';
import type { ServerConnection } from '../../client/serverConnection';
import type { ClusterTreeNode, TaskNode } from './clusterNodes';
import type { ClusterTree } from './clusterTree';
import { TaskClock } from './taskClock';

/** The cluster row's totals follow its Agents' sessions: redrawn at most this often. */
const TOTALS_EVERY_MS = 1000;
const KINDS = new Set(['cluster', 'namespace', 'task', 'notice']);

export class ClusterRows extends Disposable implements RowContribution {
  private readonly totalsTimer = this.ownTimer();
  /** A running Task's row is redrawn when its clock reads differently (taskClock.ts). */
  private readonly clock = new TaskClock<TaskNode>((node) => this.redrawTask(node), this.ownTimer());

  constructor(
    private readonly tree: ClusterTree,
    manager: ClusterManager,
    model: SessionsModel,
    private readonly host: () => RowHost,
  ) {
    super();
    this._register(
      manager.onDidChange(() => {
        this.host().refresh();
        // Every row was just drawn: each clock is planned again from now (a Task that started meanwhile ticks by the
        // second, not a minute away).
        this.clock.restart(this.tree.clockedTasks());
      }),
    );
    this._register(
      model.onDidChange(({ sessions }) => {
        let cluster = false;
        for (const connection of sessions.keys()) {
          if (!connection.config.cluster) continue;
          cluster = true;
          // The titles a Task row finds its session by are read again (its redraw comes with its session's: linkedRows).
          this.tree.sessionsChanged(connection);
        }
        if (cluster) this.refreshTotalsSoon();
      }),
    );
  }

  owns(row: Row): row is ClusterTreeNode {
    return KINDS.has(row.kind);
  }

  roots(): Row[] {
    return this.tree.roots();
  }

  children(row: Row): Row[] {
    return this.tree.children(row);
  }

  parent(row: Row): Row | undefined {
    return this.tree.parent(row);
  }

  treeItem(row: Row): vscode.TreeItem {
    return this.tree.treeItem(row);
  }

  /** A Task's row shows its session's figures: redrawn in the flush that redraws the session's row, never apart. */
  linkedRows(connection: ServerConnection, sessionId: string): Row[] {
    return connection.config.cluster ? this.tree.linkedTaskRows(connection, [sessionId]) : [];
  }

  /**
   * A Task's row with its session's row, if shown: drawn alone, the Task's row read the store ahead of the session's
   * row (its change waits for the sessions' next frame), and VS Code held that row's next redraw while changes went on.
   */
  private redrawTask(node: TaskNode): void {
    this.host().refresh(node);
    const { connection, sessionId } = this.tree.taskSession(node) ?? {};
    const sessionRow = connection && sessionId ? this.host().shownSessionRow(connection, sessionId) : undefined;
    if (sessionRow) this.host().refresh(sessionRow);
  }

  /** An Agent's server sits under its namespace. */
  places(connection: ServerConnection): boolean {
    return !!connection.config.cluster;
  }

  serverItem(connection: ServerConnection): vscode.TreeItem {
    return this.tree.agentItem(connection);
  }

  serverParent(connection: ServerConnection): Row | undefined {
    return this.tree.serverParent(connection);
  }

  underServer(server: ServerRow): Row[] {
    const notice = this.tree.agentNotice(server);
    return notice ? [notice] : [];
  }

  private refreshTotalsSoon(): void {
    if (this.totalsTimer.pending) return;
    this.totalsTimer.set(() => {
      for (const root of this.tree.roots()) this.host().refresh(root);
    }, TOTALS_EVERY_MS);
  }
}

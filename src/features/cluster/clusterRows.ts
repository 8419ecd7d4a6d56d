// The cluster's rows in the sessions view: cluster → namespaces → Agents (each its server's row, placed under
// its namespace, with a notice first while it cannot be up) and Tasks; redrawn with each snapshot, its totals
// at most once a second while its Agents' sessions move, and a running Task's clock every second.
import type * as vscode from 'vscode';
import type { ClusterManager } from '../../app/cluster';
import { Disposable } from '../../base/disposable';
import type { SessionsModel } from '../../app/sessionsModel';
import type { Row, RowContribution, RowHost, ServerRow } from '../../app/sessionsView';
import type { ServerConnection } from '../../client/serverConnection';
import type { ClusterTreeNode } from './clusterNodes';
import type { ClusterTree } from './clusterTree';

/** The cluster row's totals follow its Agents' sessions: redrawn at most this often. */
const TOTALS_EVERY_MS = 1000;
/** A running Task's row says how long it has run, to the second: it ticks this often (not with the next snapshot). */
const CLOCK_EVERY_MS = 1000;
const KINDS = new Set(['cluster', 'namespace', 'task', 'notice']);

export class ClusterRows extends Disposable implements RowContribution {
  private readonly totalsTimer = this.ownTimer();
  private readonly clock = this.ownTimer();

  constructor(
    private readonly tree: ClusterTree,
    manager: ClusterManager,
    model: SessionsModel,
    private readonly host: () => RowHost,
  ) {
    super();
    this.register(
      manager.onDidChange(() => {
        this.host().refresh();
        this.tickSoon();
      }),
    );
    this.register(model.onDidChange(({ sessions }) => [...sessions.keys()].some((c) => c.config.cluster) && this.refreshTotalsSoon()));
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

  /** While a Task runs, its row is redrawn each second (its duration); the clock stops when none runs. */
  private tickSoon(): void {
    if (this.clock.pending || !this.tree.runningTasks().length) return;
    this.clock.set(() => {
      for (const task of this.tree.runningTasks()) this.host().refresh(task);
      this.tickSoon();
    }, CLOCK_EVERY_MS);
  }

  private refreshTotalsSoon(): void {
    if (this.totalsTimer.pending) return;
    this.totalsTimer.set(() => {
      for (const root of this.tree.roots()) this.host().refresh(root);
    }, TOTALS_EVERY_MS);
  }
}

// The cluster's rows in the sessions view: cluster → namespaces → Agents (each its server's row, placed under
// its namespace, with a notice first while it cannot be up) and Tasks; redrawn with each snapshot, its totals
// at most once a second while its Agents' sessions move, and a running Task's row when its clock reads differently.
import type * as vscode from 'vscode';
import type { ClusterManager } from '../../app/cluster';
import { Disposable } from '../../base/disposable';
import type { SessionsModel } from '../../app/sessions/sessionsModel';
import type { Row, RowContribution, RowHost, ServerRow } from '../../app/sessions/sessionsView';
import type { ServerConnection } from '../../client/serverConnection';
import { formatElapsed, untilElapsedChanges } from '../../present/format';
import type { ClusterTreeNode, TaskNode } from './clusterNodes';
import type { ClusterTree } from './clusterTree';

/** The cluster row's totals follow its Agents' sessions: redrawn at most this often. */
const TOTALS_EVERY_MS = 1000;
/** A clock tick comes this much after the moment its row reads differently (timers fire a little early or late). */
const CLOCK_SLACK_MS = 20;
const KINDS = new Set(['cluster', 'namespace', 'task', 'notice']);

export class ClusterRows extends Disposable implements RowContribution {
  private readonly totalsTimer = this.ownTimer();
  private readonly clock = this.ownTimer();
  /** What each running Task's clock read when its row was last drawn. */
  private readonly clocks = new Map<TaskNode, string>();

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
        // A Task that started meanwhile ticks by the second: the clock is planned again, not left a minute away.
        this.clock.clear();
        this.tickSoon();
      }),
    );
    this._register(model.onDidChange(({ sessions }) => [...sessions.keys()].some((c) => c.config.cluster) && this.refreshTotalsSoon()));
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

  /**
   * While a Task runs, its row is redrawn when its clock reads differently: each second in its first minute, then
   * each minute, so its tooltip stays open to be read. The clock stops when none runs.
   */
  private tickSoon(): void {
    if (this.clock.pending) return;
    const now = Date.now();
    const running = this.tree.runningTasks();
    for (const node of [...this.clocks.keys()]) if (!running.includes(node)) this.clocks.delete(node);
    let next = Infinity;
    for (const node of running) {
      const start = this.tree.taskStart(node);
      if (start === undefined) continue;
      const shown = formatElapsed(now - start);
      if (this.clocks.has(node) && this.clocks.get(node) !== shown) this.host().refresh(node);
      this.clocks.set(node, shown);
      next = Math.min(next, untilElapsedChanges(now - start));
    }
    if (next !== Infinity) this.clock.set(() => this.tickSoon(), next + CLOCK_SLACK_MS);
  }

  private refreshTotalsSoon(): void {
    if (this.totalsTimer.pending) return;
    this.totalsTimer.set(() => {
      for (const root of this.tree.roots()) this.host().refresh(root);
    }, TOTALS_EVERY_MS);
  }
}

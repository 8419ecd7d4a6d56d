// A session's Changes in the sessions view: a collapsed row under the session (`3 files · +120 −45`) and one
// row per changed file below it; redrawn once the session's turns are read.
import * as vscode from 'vscode';
import { Disposable } from '../../base/disposable';
import { affectsSetting } from '../../app/settings/settingAccess';
import { SETTING } from '../../app/settings/settingKeys';
import type { Row, RowContribution, RowHost } from '../../app/sessions/sessionsView';
import type { ServerConnection } from '../../client/serverConnection';
import type { SessionRef } from '../../store/sessionRef';
import { ChangeRowNodes, fileInSet } from './changeRowIndex';
import { changeSet, type ServerChanges } from './changeSet';
import { includeSubagentChanges, isWorkspaceDirectory } from './changeSettings';
import { changedFileTreeItem, changedMeanwhileTreeItem, changesTreeItem } from './changesTreeItems';

/** The files a session changed (a collapsible row under it). */
export interface ChangesNode extends SessionRef {
  readonly kind: 'changes';
}

/** Under a session's Changes: the files its turns' diffs hold that something else changed meanwhile. */
export interface ChangedMeanwhileNode extends SessionRef {
  readonly kind: 'changedMeanwhile';
}

/** One changed file under a session's Changes (or under its changed-meanwhile group). */
export interface ChangedFileNode extends SessionRef {
  readonly kind: 'changedFile';
  readonly path: string;
}

type ChangesRow = ChangesNode | ChangedMeanwhileNode | ChangedFileNode;

export class ChangeRows extends Disposable implements RowContribution {
  /** A session with only its Changes below stays collapsed, so a tree of finished sessions stays short. */
  readonly quiet = true;
  /** One node per row, per server and session (tree refreshes match by identity). */
  private readonly nodes = new ChangeRowNodes<ChangesRow>();

  constructor(
    private readonly changes: ServerChanges,
    private readonly host: () => RowHost,
    /** The server a row names, while it is registered. */
    private readonly connectionOf: (serverId: string) => ServerConnection | undefined,
  ) {
    super();
    this._register(changes.onDidLoad(({ source, sessionId }) => this.loaded(source, sessionId)));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => affectsSetting(e, SETTING.includeSubagentChanges) && this.host().refresh()),
    );
  }

  owns(row: Row): row is ChangesRow {
    return row.kind === 'changes' || row.kind === 'changedMeanwhile' || row.kind === 'changedFile';
  }

  underSession(connection: ServerConnection, sessionId: string): Row[] {
    // A reverted session keeps the row (with nothing left) so Undo Revert stays at hand.
    const set = changeSet(this.changes, connection, sessionId, includeSubagentChanges());
    return set && (set.files.length || set.revertedTurns) ? [this.changesNode(connection, sessionId)] : [];
  }

  children(row: Row): Row[] {
    const node = row as ChangesRow;
    const connection = this.connectionOf(node.serverId);
    if (node.kind === 'changedFile' || !connection) return [];
    const set = changeSet(this.changes, connection, node.sessionId, includeSubagentChanges());
    if (node.kind === 'changedMeanwhile') return (set?.meanwhile ?? []).map((f) => this.fileNode(connection, node.sessionId, f.path));
    const files: Row[] = (set?.files ?? []).map((f) => this.fileNode(connection, node.sessionId, f.path));
    return set?.meanwhile.length ? [...files, this.meanwhileNode(connection, node.sessionId)] : files;
  }

  treeItem(row: Row): vscode.TreeItem {
    const node = row as ChangesRow;
    const connection = this.connectionOf(node.serverId);
    const record = connection?.sessions.get(node.sessionId);
    if (!connection || !record) return new vscode.TreeItem('(removed)');
    const set = changeSet(this.changes, connection, node.sessionId, includeSubagentChanges());
    if (!set) return new vscode.TreeItem(vscode.l10n.t('(reading changes…)'));
    if (node.kind === 'changes') return changesTreeItem(connection, node.sessionId, set, includeSubagentChanges());
    if (node.kind === 'changedMeanwhile') return changedMeanwhileTreeItem(connection, node.sessionId, set.meanwhile);
    const found = fileInSet(set, node.path);
    return found
      ? changedFileTreeItem(connection, node.sessionId, found.file, isWorkspaceDirectory(record.info.directory))
      : new vscode.TreeItem(vscode.l10n.t('(no longer changed)'));
  }

  parent(row: Row): Row | undefined {
    const node = row as ChangesRow;
    const connection = this.connectionOf(node.serverId);
    if (!connection) return undefined;
    if (node.kind === 'changes') return this.host().sessionRow(connection, node.sessionId);
    const meanwhile = node.kind === 'changedFile' && this.changedMeanwhile(connection, node);
    return meanwhile ? this.meanwhileNode(connection, node.sessionId) : this.changesNode(connection, node.sessionId);
  }

  forget(connection: ServerConnection, sessionId?: string): void {
    this.nodes.forget(connection.config.id, sessionId);
    if (sessionId !== undefined) this.changes.forgetSession(connection, sessionId);
  }

  /** A session's turns arrived: its row and its Changes redraw; with sub-agents included, every ancestor's too. */
  private loaded(connection: ServerConnection, sessionId: string): void {
    const host = this.host();
    for (let id: string | undefined = sessionId; id; id = includeSubagentChanges() ? connection.sessions.parentOf(id) : undefined) {
      const row = host.shownSessionRow(connection, id);
      if (row) host.refresh(row);
      const changesRow = this.nodes.shownChanges(connection.config.id, id);
      if (changesRow) host.refresh(changesRow);
    }
  }

  private changedMeanwhile(connection: ServerConnection, node: ChangedFileNode): boolean {
    const set = changeSet(this.changes, connection, node.sessionId, includeSubagentChanges());
    return (set && fileInSet(set, node.path)?.meanwhile) ?? false;
  }

  private meanwhileNode(connection: ServerConnection, sessionId: string): ChangedMeanwhileNode {
    const serverId = connection.config.id;
    return this.nodes.meanwhile(serverId, sessionId, () => ({ kind: 'changedMeanwhile', serverId, sessionId })) as ChangedMeanwhileNode;
  }

  private changesNode(connection: ServerConnection, sessionId: string): ChangesNode {
    const serverId = connection.config.id;
    return this.nodes.changes(serverId, sessionId, () => ({ kind: 'changes', serverId, sessionId })) as ChangesNode;
  }

  private fileNode(connection: ServerConnection, sessionId: string, path: string): ChangedFileNode {
    const serverId = connection.config.id;
    return this.nodes.file(serverId, sessionId, path, () => ({ kind: 'changedFile', serverId, sessionId, path })) as ChangedFileNode;
  }
}

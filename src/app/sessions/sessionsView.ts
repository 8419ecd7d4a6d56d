// The sessions view as the other features see it. It is one tree that several features fill: the sessions
// feature draws servers, folders and sessions, and the others add their rows (what waits under a session, its
// Changes, the cluster) through this contract, so that none of them knows another. Commands read its selection,
// and any feature may reveal a session in it. Rows are plain objects with a `kind`, one object per row
// (tree refreshes match elements by identity), that name their server by id (`serverId`) and are resolved
// through the registry when used: a row never holds a connection.
import type * as vscode from 'vscode';
import type { ServerConnection } from '../../client/serverConnection';

export interface Row {
  readonly kind: string;
}

/** A server's row, as the sessions feature hands it out. */
export interface ServerRow extends Row {
  readonly kind: 'server';
  readonly serverId: string;
}

/** What the sessions feature offers the other features. */
export interface RowHost {
  /** The selected rows: a command run from the palette acts on them. */
  selection(): readonly unknown[];
  /**
   * Once its server has listed it, makes a session the active one and shows it selected. False when it is not
   * listed (within a few seconds): nothing changed, and the caller says why. `focus`: keyboard focus moves to
   * its row (Switch Session, so the next keys act on what was picked).
   */
  reveal(connection: ServerConnection, sessionId: string, focus?: boolean): Promise<boolean>;
  serverRow(connection: ServerConnection): ServerRow;
  sessionRow(connection: ServerConnection, sessionId: string): Row;
  /** The session's row if the view has asked for it already: redrawing one it never showed is pointless. */
  shownSessionRow(connection: ServerConnection, sessionId: string): Row | undefined;
  /** Redraws one row soon (undefined: the whole tree). */
  refresh(row?: Row): void;
  /** The number on the view's activity bar icon (undefined: none). */
  setBadge(badge: vscode.ViewBadge | undefined): void;
}

/** One feature's rows. Every method is asked only about rows it `owns`, or about the host's rows it decorates. */
export interface RowContribution {
  owns(row: Row): boolean;
  treeItem(row: Row): vscode.TreeItem;
  children(row: Row): Row[];
  parent(row: Row): Row | undefined;
  /** Rows at the top, after the servers'. */
  roots?(): Row[];
  /** Rows under a session, before its sub-agents'. */
  underSession?(connection: ServerConnection, sessionId: string): Row[];
  /** Rows under a server, before its sessions. */
  underServer?(server: ServerRow): Row[];
  /** Rows under a session that do not open it: a session with only these below stays collapsed. */
  readonly quiet?: boolean;
  /** Servers this feature places elsewhere than the top (a cluster Agent): their rows and their parents. */
  places?(connection: ServerConnection): boolean;
  serverItem?(connection: ServerConnection): vscode.TreeItem | undefined;
  serverParent?(connection: ServerConnection): Row | undefined;
  /** The session (or, without one, the whole server) is gone: drop its rows. */
  forget?(connection: ServerConnection, sessionId?: string): void;
  /** Rows that show a session's figures elsewhere (a Task's row): redrawn whenever the session's row is. */
  linkedRows?(connection: ServerConnection, sessionId: string): Row[];
}

/** Where features add their rows (the sessions feature reads them when it draws), and reach the view. */
export class SessionsView {
  private readonly all: RowContribution[] = [];
  private host?: RowHost;

  /** Set by the sessions feature, before any contribution draws. */
  attach(host: RowHost): void {
    this.host = host;
  }

  get rows(): RowHost {
    if (!this.host) throw new Error('the sessions view is not registered yet');
    return this.host;
  }

  /** Nothing is selected until the view exists. */
  get selection(): readonly unknown[] {
    return this.host?.selection() ?? [];
  }

  contribute(contribution: RowContribution): vscode.Disposable {
    this.all.push(contribution);
    return { dispose: () => this.all.splice(this.all.indexOf(contribution), 1) };
  }

  get contributions(): readonly RowContribution[] {
    return this.all;
  }

  ownerOf(row: Row): RowContribution | undefined {
    return this.all.find((c) => c.owns(row));
  }
}

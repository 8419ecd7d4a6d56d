// The index's progress as a row at the top of the sessions view while it reads (or is paused): how many sessions
// it has read of those it must, with Pause and Resume inline, so indexing a big server can be stopped and picked
// up again (a restart picks it up too).
import * as vscode from 'vscode';
import type { Row, RowContribution, SessionsView } from '../../app/sessionsView';
import { Disposable } from '../../app/disposable';
import type { SearchService } from './searchService';

export interface IndexRow extends Row {
  readonly kind: 'searchIndex';
}

const ROW: IndexRow = { kind: 'searchIndex' };
const REDRAW_MS = 500;

export class IndexRows extends Disposable implements RowContribution {
  private readonly redraw = this.ownTimer();
  private shown = false;

  constructor(
    private readonly service: SearchService,
    private readonly view: SessionsView,
  ) {
    super();
    this.register(
      service.onDidProgress(() => {
        if (!this.redraw.pending) this.redraw.set(() => this.refresh(), REDRAW_MS);
      }),
    );
  }

  private refresh(): void {
    const show = this.visible();
    // The row comes or goes: the top level is drawn again; otherwise only the row.
    if (show !== this.shown) this.view.rows.refresh();
    else if (show) this.view.rows.refresh(ROW);
    this.shown = show;
  }

  private visible(): boolean {
    const p = this.service.progress();
    return (p.running && p.total > 0) || p.paused;
  }

  owns(row: Row): boolean {
    return row.kind === 'searchIndex';
  }

  roots(): Row[] {
    return this.visible() ? [ROW] : [];
  }

  treeItem(): vscode.TreeItem {
    const p = this.service.progress();
    const item = new vscode.TreeItem(
      p.paused ? vscode.l10n.t('Content index paused') : vscode.l10n.t('Indexing session contents'),
      vscode.TreeItemCollapsibleState.None,
    );
    item.description = p.paused ? vscode.l10n.t('resume to search new messages') : vscode.l10n.t('{0} of {1} sessions', p.read, p.total);
    item.iconPath = new vscode.ThemeIcon(p.paused ? 'debug-pause' : 'sync~spin');
    item.tooltip = vscode.l10n.t(
      'Search Session Contents finds what has been read so far. It reads in the background, a few sessions at a time.',
    );
    item.contextValue = p.paused ? 'searchIndex paused' : 'searchIndex running';
    return item;
  }

  children(): Row[] {
    return [];
  }

  parent(): Row | undefined {
    return undefined;
  }
}

// The index's progress: a spinner in the status bar while sessions are read ("Indexing OpenCode sessions: 12 of
// 40"), and the sessions view's title menu offers Pause (while it reads) and Resume (once paused), so indexing a big
// server can be stopped and picked up again (a restart picks it up too). Not the view's own progress: VS Code shows a
// view's progress on its activity bar icon in place of the badge, and the count of what waits for you must show.
import * as vscode from 'vscode';
import { withProgress } from '../../app/host/notify';
import { Disposable } from '../../base/disposable';
import type { SearchService } from './searchService';

export class IndexProgress extends Disposable {
  private done?: () => void;
  private report?: (message: string) => void;
  private reported = '';
  private running = false;
  private paused = false;

  constructor(private readonly service: SearchService) {
    super();
    this._register(service.onDidProgress(() => this.update()));
    this._register({ dispose: () => this.done?.() });
    this.update();
  }

  private update(): void {
    const p = this.service.progress();
    const running = p.running && p.total > 0;
    if (running !== this.running) {
      this.running = running;
      void vscode.commands.executeCommand('setContext', 'opencodeSessions.indexing', running);
      if (running)
        void withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Indexing OpenCode sessions') }, (progress) => {
          this.report = (message) => progress.report({ message });
          return new Promise<void>((resolve) => (this.done = resolve));
        });
      else {
        this.done?.();
        this.report = undefined;
        this.reported = '';
      }
    }
    const message = vscode.l10n.t('{0} of {1}', p.read, p.total);
    if (running && message !== this.reported) {
      this.reported = message;
      this.report?.(message);
    }
    if (p.paused !== this.paused) {
      this.paused = p.paused;
      void vscode.commands.executeCommand('setContext', 'opencodeSessions.indexingPaused', p.paused);
    }
  }
}

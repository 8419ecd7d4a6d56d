// The index's progress in the sessions view: its progress bar runs while sessions are read, and the view's title
// menu offers Pause (while it reads) and Resume (once paused), so indexing a big server can be stopped and picked up
// again (a restart picks it up too). How far it is shows in Search Session Contents. No row is added to the tree.
import * as vscode from 'vscode';
import { withProgress } from '../../app/notify';
import { Disposable } from '../../base/disposable';
import type { SearchService } from './searchService';

const VIEW = 'opencodeSessions.sessions';

export class IndexProgress extends Disposable {
  private done?: () => void;
  private running = false;
  private paused = false;

  constructor(private readonly service: SearchService) {
    super();
    this.register(service.onDidProgress(() => this.update()));
    this.register({ dispose: () => this.done?.() });
    this.update();
  }

  private update(): void {
    const p = this.service.progress();
    const running = p.running && p.total > 0;
    if (running !== this.running) {
      this.running = running;
      void vscode.commands.executeCommand('setContext', 'opencodeSessions.indexing', running);
      if (running) void withProgress({ location: { viewId: VIEW } }, () => new Promise<void>((resolve) => (this.done = resolve)));
      else this.done?.();
    }
    if (p.paused !== this.paused) {
      this.paused = p.paused;
      void vscode.commands.executeCommand('setContext', 'opencodeSessions.indexingPaused', p.paused);
    }
  }
}

// Holds the one usage panel: opens it ("Show Usage"), restores it after a window reload (the serializer),
// and keeps it on the active session.
import * as vscode from 'vscode';
import type { ActiveSession } from '../../app/sessions/activeSession';
import { isSessionRef, type SessionRef } from '../../store/sessionRef';
import { contextThreshold } from '../../app/settings/contextThreshold';
import { Disposable } from '../../base/disposable';
import type { SessionsModel } from '../../app/sessions/sessionsModel';
import type { OpenPause, PauseSpan } from '../../store/timeline/timelineLanes';
import { USAGE_VIEW_TYPE, UsagePanel } from './usagePanel';

export class UsagePanelHost extends Disposable {
  private panel?: UsagePanel;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly active: ActiveSession,
    private readonly sessions: SessionsModel,
    private readonly warn: (message: string) => void,
    private readonly pace?: () => string | undefined,
    private readonly pausedNow?: (serverId: string, sessionId: string) => OpenPause | undefined,
    /** The session's budget pauses that ended: marked on its lane, from the stop to the resume. */
    private readonly pausedBefore?: (serverId: string, sessionId: string) => ReadonlyArray<PauseSpan>,
  ) {
    super();
    this._register({ dispose: () => this.panel?.dispose() });
    this._register(
      vscode.window.registerWebviewPanelSerializer(USAGE_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state: unknown) => Promise.resolve(this.restore(panel, state)),
      }),
    );
    this._register(active.onDidChange((target) => this.panel?.follow(target)));
  }

  get current(): UsagePanel | undefined {
    return this.panel;
  }

  /** Opens (or reveals) the panel; with `ref` that session becomes the active one first. */
  show(ref?: SessionRef): UsagePanel {
    if (ref) this.active.set(ref);
    if (this.panel) {
      this.panel.panel.reveal(undefined, false);
    } else {
      const panel = vscode.window.createWebviewPanel(USAGE_VIEW_TYPE, vscode.l10n.t('Usage'), vscode.ViewColumn.Active, {
        enableScripts: true,
        // Charts keep their state while the tab is in the background; updates wait until it is shown.
        retainContextWhenHidden: true,
      });
      this.adopt(panel);
    }
    const current = this.panel!;
    current.follow(ref ? (this.resolve(ref) ?? this.active.get()) : this.active.get());
    return current;
  }

  private restore(panel: vscode.WebviewPanel, state: unknown): void {
    this.panel?.dispose();
    this.adopt(panel);
    // The pick is remembered by ActiveSession too; the panel's own state covers a pick made elsewhere.
    const saved = isSessionRef(state) ? state : undefined;
    if (saved && !this.active.get()?.picked) this.active.set(saved);
    this.panel!.follow(this.active.get());
  }

  private adopt(panel: vscode.WebviewPanel): void {
    const usage = new UsagePanel(
      panel,
      this.extensionUri,
      contextThreshold,
      (connection) => this.sessions.changesOf(connection),
      this.warn,
      this.pace,
      this.pausedNow,
      this.pausedBefore,
    );
    usage.onDidDispose(() => {
      if (this.panel === usage) this.panel = undefined;
    });
    this.panel = usage;
  }

  private resolve(ref: SessionRef) {
    const target = this.active.get();
    return target && target.connection.config.id === ref.serverId && target.record.info.id === ref.sessionId ? target : undefined;
  }
}

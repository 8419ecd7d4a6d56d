// What marks a session beyond its own state (a budget paused it, something in it waits for you, a run of it ended
// unread), as VS Code's FileDecorationProvider marks a file: each mark is a provider, and the tree's rows, the status
// bar, Switch Session and the badge read the merged decoration, never a mark's own model. A new mark is one provider
// registered in createApp() (src/app/index.ts), in the order its icon and words lead.
import type * as vscode from 'vscode';
import { Disposable } from '../../base/disposable';
import { Emitter, type Event } from '../../base/emitter';
import type { ServerConnection } from '../../client/serverConnection';
import { sessionKey } from '../../store/sessionKey';
import type { SessionRef } from '../../store/sessionRef';

/** Which mark: the badge counts and names roots by it, the status bar's click reads it. */
export type MarkGroup = 'paused' | 'waiting' | 'unread';

/** How one mark decorates a session. */
export interface SessionDecoration {
  readonly group: MarkGroup;
  /** Leads the row and its Switch Session item in place of its state's icon; the first mark's wins. */
  readonly icon?: vscode.ThemeIcon;
  /** What it says: to a screen reader, leading Switch Session's item and the status bar. */
  readonly words: string;
  /** Said in the row's description too (unread is not: a row's text stays its figures, the icon says it). */
  readonly described: boolean;
  /** The row's context tokens (package.json's `viewItem` clauses read them). */
  readonly context?: readonly string[];
}

/** A root a mark holds on some server, for the badge and the status bar's count. */
export interface MarkedRoot {
  readonly connection: ServerConnection;
  readonly sessionId: string;
  readonly group: MarkGroup;
}

export interface SessionDecorationProvider {
  /** The sessions whose decoration changed. */
  readonly onDidChange: Event<readonly SessionRef[]>;
  decorate(connection: ServerConnection, sessionId: string): SessionDecoration | undefined;
  /** The roots it marks on every server (a sub-agent's mark rolls up into its root), each once. */
  roots(): readonly MarkedRoot[];
  dispose?(): void;
}

/** The providers, merged: every view reads a session's marks here, in the order they were registered. */
export class SessionDecorations extends Disposable {
  private readonly providers: SessionDecorationProvider[] = [];
  private readonly emitter = this._register(new Emitter<readonly SessionRef[]>());
  /** Sessions whose decoration changed, as any provider said. */
  readonly onDidChange = this.emitter.event;

  /** Providers live as long as the app: what they hold goes with it. */
  register(provider: SessionDecorationProvider): void {
    this.providers.push(provider);
    this._register(provider.onDidChange((refs) => this.emitter.fire(refs)));
    if (provider.dispose) this._register({ dispose: () => provider.dispose?.() });
  }

  /** The session's marks, first the one that leads. */
  of(connection: ServerConnection, sessionId: string): SessionDecoration[] {
    const marks: SessionDecoration[] = [];
    for (const provider of this.providers) {
      const mark = provider.decorate(connection, sessionId);
      if (mark) marks.push(mark);
    }
    return marks;
  }

  /** The marked roots of one group, or of every group with each root once, under the first mark that holds it. */
  roots(group?: MarkGroup): MarkedRoot[] {
    if (group) return this.providers.flatMap((p) => p.roots().filter((r) => r.group === group));
    const seen = new Set<string>();
    const out: MarkedRoot[] = [];
    for (const provider of this.providers)
      for (const root of provider.roots()) {
        const key = sessionKey(root.connection.config.id, root.sessionId);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(root);
      }
    return out;
  }
}

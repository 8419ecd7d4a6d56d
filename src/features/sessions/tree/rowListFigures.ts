// The rows' list-price figures (estimates where OpenCode recorded $0, summed over a session's steps and its
// sub-agents'): computed when the session or the setting changes, not at every redraw. Sessions whose figures
// moved are in each frame's report (ancestors included, and every priced session when a catalog arrives).
import { showListPrice } from '../../../app/settings/listPrice';
import type { SessionsChange } from '../../../app/sessions/sessionsModel';
import type { ServerConnection } from '../../../client/serverConnection';
import { listFigures, type ListFigures } from '../../../store/price/listSum';

export class RowListFigures {
  /** `opencodeSessions.cost.showListPrice`, as last read. */
  private show = showListPrice();
  private figures = new WeakMap<ServerConnection, Map<string, ListFigures | undefined>>();

  /** A session's figures as rows show them; undefined when the setting hides them. */
  of(connection: ServerConnection, sessionId: string): ListFigures | undefined {
    if (!this.show) return undefined;
    let known = this.figures.get(connection);
    if (!known) this.figures.set(connection, (known = new Map<string, ListFigures | undefined>()));
    if (known.has(sessionId)) return known.get(sessionId);
    const figures = listFigures(connection.sessions, sessionId, connection.listPrices.pricer);
    known.set(sessionId, figures);
    return figures;
  }

  /** A frame came: what it reports changed is summed again when next drawn. */
  changed(change: SessionsChange): void {
    for (const [connection, { changed, removed }] of change.sessions) {
      const known = this.figures.get(connection);
      if (!known) continue;
      for (const id of changed) known.delete(id);
      for (const id of removed) known.delete(id);
    }
    // A server reconnected reads its sessions afresh (reported changed too): nothing else to forget.
    for (const connection of change.states) this.figures.delete(connection);
  }

  /** The setting changed: read it again and sum afresh. */
  settingChanged(): void {
    this.show = showListPrice();
    this.figures = new WeakMap();
  }
}

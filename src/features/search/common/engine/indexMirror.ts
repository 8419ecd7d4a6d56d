// What the extension host knows of the sessions a server's search engine holds: each one's summary, kept from the
// engine's answers (a page added, a session touched, dropped or loaded), so the indexer decides what to read
// without asking the engine, and the text bytes held across them (the index's cap is checked on the host).
import type { EngineHit, EngineQuery, SessionSummary } from './protocol';
import type { EngineProxy } from './engineProxy';

export class IndexMirror {
  private readonly byId = new Map<string, SessionSummary>();
  /** Text bytes held across sessions. */
  bytes = 0;

  constructor(private readonly engine: () => EngineProxy) {}

  get sessionCount(): number {
    return this.byId.size;
  }

  session(id: string): SessionSummary | undefined {
    return this.byId.get(id);
  }

  sessions(): IterableIterator<SessionSummary> {
    return this.byId.values();
  }

  /** Takes the engine's word for a session (an answer's summary). */
  set(summary: SessionSummary): SessionSummary {
    this.bytes += summary.bytes - (this.byId.get(summary.id)?.bytes ?? 0);
    this.byId.set(summary.id, summary);
    return summary;
  }

  delete(id: string): void {
    this.bytes -= this.byId.get(id)?.bytes ?? 0;
    this.byId.delete(id);
  }

  /** Everything the engine holds, as it said once opened. */
  reset(sessions: readonly SessionSummary[]): void {
    this.byId.clear();
    this.bytes = 0;
    for (const s of sessions) this.set(s);
  }

  /** The engine's best matches (at most one per session, best first). */
  search(query: EngineQuery): Promise<EngineHit[]> {
    return this.engine().search(query);
  }
}

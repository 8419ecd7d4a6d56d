// Today's spend across every server (see costSince for why per message). Live events bring every new
// reply; what happened today before we connected is read once per session and day, one session at a time.
import type { ServerConnection } from '../client/serverConnection';
import { costSince } from '../store/budget';
import { startOfDay } from '../store/calendar';
import type { ServerRegistry } from '../servers/serverRegistry';
import { sessionKey } from '../store/sessionKey';

export class DailyCost {
  private loaded = new Set<string>();
  private day = startOfDay(Date.now());
  private queue: Array<{ connection: ServerConnection; id: string }> = [];
  private running = false;

  constructor(
    private readonly registry: ServerRegistry,
    private readonly onLoaded: () => void,
  ) {}

  /** Today's total (USD), and queues loads for today's sessions not read yet. */
  total(now = Date.now()): number {
    const day = startOfDay(now);
    if (day !== this.day) {
      this.day = day;
      this.loaded.clear();
    }
    let total = 0;
    for (const connection of this.registry.all) {
      total += costSince(connection.sessions.all(), day);
      if (connection.state.kind !== 'online') continue;
      for (const record of connection.sessions.all()) {
        const key = sessionKey(connection.config.id, record.info.id);
        if (record.info.time.updated < day || this.loaded.has(key)) continue;
        this.loaded.add(key);
        this.queue.push({ connection, id: record.info.id });
      }
    }
    void this.drain();
    return total;
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    let any = false;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      // A failed read is not retried today: the total then counts what live events bring.
      await next.connection.loadAllMessages(next.id).catch(() => undefined);
      any = true;
    }
    this.running = false;
    if (any) this.onLoaded();
  }
}

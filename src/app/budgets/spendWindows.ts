// What the budget windows hold across every server and cluster Agent (store/budgetWindows.ts): each reply
// at the time OpenCode recorded it. Live events bring every new reply; the replies a window held before we
// connected are read once per session through its message history, a session at a time. On a server listed by
// parent (OpenCode 2) the sub-agents of recent trees are read after connect: the windows wait for that read too,
// and say "at least" while some session active in them has sub-agents not read. No `vscode` (the scale suite runs it).
import { Emitter } from '../../base/emitter';
import type { ServerConnection } from '../../client/serverConnection';
import type { ServerRegistry } from '../servers/serverRegistry';
import { ledgerWindows, windowStart, type SpendByWindow } from '../../store/budgetWindows';
import type { ListPricer } from '../../store/price/listPricer';
import type { SessionReader } from '../../store/sessionReader';
import type { SessionRecord } from '../../store/sessionRecord';
import { paceOf, paceShares, PACE_WINDOW_MS, type Pace, type Spend } from '../../store/forecast';
import { pushAll } from '../../base/arrays';

/** One server's pace, and its share of every server's together (USD/h). */
export interface ServerPace {
  id: string;
  label: string;
  /** Undefined with a single reply in the window. */
  pace: Pace | undefined;
  /** USD/h: its part of every server's pace. */
  share: number;
}

interface Look {
  stamp: number;
  since: number;
}

export class SpendWindows {
  private queue: Array<{ connection: ServerConnection; record: SessionRecord }> = [];
  private readonly queued = new WeakSet<SessionRecord>();
  /** A failed read is not retried while the session stays the same: the window then counts what live events bring. */
  private readonly failed = new WeakSet<SessionRecord>();
  private draining?: Promise<void>;
  /**
   * Each store's change stamp when last looked at and the window start looked for, one look for the week and one for
   * the hour and day: the day's look passes over sessions older than the day, which the week's next look must see.
   */
  private readonly looked = { week: new WeakMap<SessionReader, Look>(), day: new WeakMap<SessionReader, Look>() };
  /** Servers' background reads of their recent trees (listed by parent) that the windows wait for. */
  private readonly trees = new Set<Promise<void>>();

  private readonly loaded = new Emitter<void>();
  /** Reads finished: the windows may hold more than they said. */
  readonly onDidLoad = this.loaded.event;

  constructor(
    private readonly registry: ServerRegistry,
    /** Whether the windows count list prices of zero-cost replies (the setting: app/settings/listPrice.ts). */
    private readonly countListPrice: () => boolean,
  ) {}

  /**
   * The windows now, and reads queued for the sessions active in them that are not read yet. The week is
   * read only when `wholeWeek` (a weekly budget, or an agent asking); otherwise the hour and the day.
   */
  current(wholeWeek: boolean, now = Date.now()): SpendByWindow {
    const since = windowsSince(wholeWeek, now);
    for (const connection of this.registry.all) {
      const trees = connection.readingRecentTrees;
      if (trees && !this.trees.has(trees)) this.trees.add(trees);
      if (connection.state.kind !== 'online') continue;
      // What changed since the last look (a new listing names every session again); all of them when the windows
      // now start earlier than then (the clock set back), since what was too old then may count now.
      const { sessions } = connection;
      const looks = wholeWeek ? this.looked.week : this.looked.day;
      const looked = looks.get(sessions);
      const records = looked && looked.since <= since ? sessions.changedSince(looked.stamp) : sessions.all();
      looks.set(sessions, { stamp: sessions.changeStamp, since });
      for (const record of records) {
        if (record.lastActivity < since || this.queued.has(record) || this.failed.has(record)) continue;
        if (connection.history.isComplete(record)) continue;
        this.queued.add(record);
        this.queue.push({ connection, record });
      }
    }
    void this.drain();
    // The stores keep their replies by minute (store/spendLedger.ts): the week's minutes summed, not every session.
    return ledgerWindows(
      this.registry.all.map((c) => ({ ledger: c.sessions.spend, pricer: this.pricerOf(c) })),
      now,
    );
  }

  /**
   * Whether the windows may leave something out: a session active in them has sub-agents not read yet (a server
   * listed by parent, before its recent trees are read or where a read failed).
   */
  partial(wholeWeek: boolean, now = Date.now()): boolean {
    const since = windowsSince(wholeWeek, now);
    return this.registry.all.some((c) => c.sessions.partialSince(since));
  }

  /**
   * The pace of the last PACE_WINDOW_MS across every server (`all`), and each server that spent in it: its own pace
   * (`pace`, for its own forecast; undefined with a single reply) and its share of `all` (`share`, USD/h: the
   * shares add up to all's rate). From the same replies the windows sum, so a forecast follows the budgets' figures.
   */
  pace(now = Date.now()): { all: Pace | undefined; servers: ServerPace[] } {
    const since = now - PACE_WINDOW_MS;
    const spent: Array<{ id: string; label: string; replies: Spend[] }> = [];
    const every: Spend[] = [];
    for (const c of this.registry.all) {
      const replies = [...c.sessions.spend.replies(since, now, this.pricerOf(c))].filter((r) => r.cost > 0);
      pushAll(every, replies);
      if (replies.length) spent.push({ id: c.config.id, label: c.label, replies });
    }
    const all = paceOf(every, now);
    const shares = paceShares(
      all,
      spent.map((s) => s.replies),
      now,
    );
    return {
      all,
      servers: spent.map(({ id, label, replies }, i) => ({ id, label, pace: paceOf(replies, now), share: shares[i] })),
    };
  }

  /** With budget.countListPrice, the server's list prices for replies recorded at $0. */
  private pricerOf(connection: ServerConnection): ListPricer | undefined {
    return this.countListPrice() ? connection.listPrices.pricer : undefined;
  }

  /** Settles once every read queued so far is done. */
  async settled(): Promise<void> {
    await this.drain();
  }

  /** Reads are under way: the windows may still rise without anything spending. */
  get loading(): boolean {
    return this.draining !== undefined;
  }

  private drain(): Promise<void> {
    // With nothing queued the async body would finish before `draining` is assigned, leaving it set for good
    // (and every later read queued behind a promise that never drains again).
    if (!this.draining && !this.queue.length && !this.trees.size) return Promise.resolve();
    this.draining ??= (async () => {
      let any = false;
      while (this.queue.length || this.trees.size) {
        // Taken a batch at a time (what current() queues meanwhile is the next batch): shift() copied the rest of the
        // queue at each read, 100 000 sessions active today took 6.7 s of CPU (x94 the 10 000).
        const batch = this.queue;
        this.queue = [];
        for (const next of batch) {
          await next.connection.loadAllMessages(next.record.info.id).catch(() => this.failed.add(next.record));
          // Read and still not whole (its session gone, its read given up): asked again, it would be read again at
          // once, and `loaded` → current() → drain() → `loaded` would spin the host in microtasks.
          if (!next.connection.history.isComplete(next.record)) this.failed.add(next.record);
          this.queued.delete(next.record);
          any = true;
        }
        // Trees read: their sessions' replies are queued when the windows are next read (after `loaded`).
        for (const trees of this.trees) {
          await trees.catch(() => undefined);
          this.trees.delete(trees);
          any = true;
        }
      }
      this.draining = undefined;
      if (any) this.loaded.fire();
    })();
    return this.draining;
  }
}

/** Where the windows read start: the week's with a weekly budget (or an agent asking), else the day's and hour's. */
function windowsSince(wholeWeek: boolean, now: number): number {
  return wholeWeek ? windowStart('week', now) : Math.min(windowStart('day', now), windowStart('hour', now));
}

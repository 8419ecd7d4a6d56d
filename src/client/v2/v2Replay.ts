// OpenCode 2's `/api/event` is volatile: a reader that falls behind or reconnects misses what happened meanwhile.
// Session events are durable (`durable: {aggregateID, seq, version}`), and a session's log replays them in order
// after a sequence (`GET /api/experimental/session/{id}/log?after=<seq>&follow=true`, packages/protocol/src/groups/
// session.ts; the older build ends its replay with `{type: "log.synced", aggregateID, seq}`). After a gap, each
// session that was working is replayed from the last sequence applied here while its live items wait, so every
// event is applied once and in order; a server that offers no log has the session's messages read again.
import { isObject, nonEmptyString } from '../../store/parse';
import { runEventStream } from '../transport/eventStream';
import type { V2Client } from './v2Client';
import { fillRoute } from './v2Contract';

/** Live items held for sessions being replayed, in all: past it, a session's replay is given up (its messages are read). */
const MAX_HELD = 20_000;
/** Sessions caught up after one gap at most (each is a read of its log): the rest are read again as views ask. */
export const MAX_CAUGHT_UP = 100;
/** Sessions tracked by sequence in one stream (a stream of made-up ids must not grow it without bound). */
const MAX_TRACKED = 20_000;
/** Sessions replayed at once. */
const REPLAYS = 4;

export interface Durable {
  sessionID: string;
  seq: number;
}

/** An item's session and sequence, where it is durable. */
export function durableOf(item: unknown): Durable | undefined {
  if (!isObject(item) || !isObject(item.durable)) return undefined;
  const sessionID = nonEmptyString(item.durable.aggregateID);
  const seq = item.durable.seq;
  return sessionID && typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 ? { sessionID, seq } : undefined;
}

/** The session an item is about (durable or not), for holding it in order. */
export function sessionOfItem(item: unknown): string | undefined {
  const durable = durableOf(item);
  if (durable) return durable.sessionID;
  return isObject(item) && isObject(item.data) ? nonEmptyString(item.data.sessionID) : undefined;
}

/**
 * Which items of one stream (live and replayed) are new: a durable item at or below the session's last sequence
 * is one applied already. Items of a session being replayed are held until its replay is in.
 */
export class SequenceGate {
  private readonly last = new Map<string, number>();
  /** Held items per session, and how far the search for the first one past what it applied has gone (it only moves on). */
  private readonly holding = new Map<string, { items: unknown[]; scanned: number }>();
  private held = 0;

  /** `applied`: the last sequence applied of a session before this stream (kept across connections). */
  constructor(private readonly applied: (sessionID: string) => number | undefined) {}

  /** The sequence a session's replay starts after. */
  after(sessionID: string): number {
    return this.last.get(sessionID) ?? this.applied(sessionID) ?? 0;
  }

  /** Undefined: not durable; false: applied already (skip); else its session and sequence, now the session's last. */
  admit(item: unknown): Durable | false | undefined {
    const durable = durableOf(item);
    if (!durable) return undefined;
    if (durable.seq <= this.after(durable.sessionID)) return false;
    this.last.delete(durable.sessionID);
    this.last.set(durable.sessionID, durable.seq);
    if (this.last.size > MAX_TRACKED) this.last.delete(this.last.keys().next().value!);
    return durable;
  }

  /** From now on, the session's live items wait (`take` hands them over). */
  hold(sessionID: string): void {
    if (!this.holding.has(sessionID)) this.holding.set(sessionID, { items: [], scanned: 0 });
  }

  isHeld(sessionID: string): boolean {
    return this.holding.has(sessionID);
  }

  /** Keeps the item when its session is held: true. Past MAX_HELD, false (the caller gives the replay up). */
  keep(item: unknown): boolean | 'full' {
    const sessionID = sessionOfItem(item);
    const queue = sessionID === undefined ? undefined : this.holding.get(sessionID);
    if (!queue) return false;
    if (this.held >= MAX_HELD) return 'full';
    queue.items.push(item);
    this.held += 1;
    return true;
  }

  /** The first live sequence held for the session past what it applied: a replay that reaches the one before it is complete. */
  firstHeld(sessionID: string): number | undefined {
    const queue = this.holding.get(sessionID);
    if (!queue) return undefined;
    const after = this.after(sessionID);
    // What it applied only grows: items passed over once are never the answer again.
    for (; queue.scanned < queue.items.length; queue.scanned++) {
      const durable = durableOf(queue.items[queue.scanned]);
      if (durable && durable.seq > after) return durable.seq;
    }
    return undefined;
  }

  /** Stops holding the session; its held items, in order. */
  take(sessionID: string): unknown[] {
    const queue = this.holding.get(sessionID)?.items ?? [];
    this.holding.delete(sessionID);
    this.held -= queue.length;
    return queue;
  }
}

export interface Catchup {
  gate: SequenceGate;
  signal: AbortSignal;
  stallMs: number;
  /** An item read (replayed or live), through the gate. */
  deliver(item: unknown): void;
  /** A session not replayed (no log offered, or it failed): its messages are read again. */
  reread(sessionID: string): void;
  /** A session replayed up to its held live items: it missed nothing. */
  caughtUp?(sessionID: string): void;
}

/**
 * Replays each session from its log (a few at a time), then hands over its held live items. Sessions that cannot
 * be replayed are read again instead; their held items go on as they came.
 */
export async function catchUp(client: V2Client, sessionIDs: readonly string[], run: Catchup): Promise<void> {
  const route = client.contract.source === 'document' ? client.route('log') : undefined;
  let next = 0;
  const worker = async () => {
    while (next < sessionIDs.length && !run.signal.aborted) {
      const sessionID = sessionIDs[next++];
      const replayed = route ? await replay(client, fillRoute(route, { sessionID }), sessionID, run).catch(() => false) : false;
      if (run.signal.aborted) return;
      // Not held any more: the live stream gave its replay up (too much held) and has it read again.
      const held = run.gate.isHeld(sessionID);
      for (const item of run.gate.take(sessionID)) run.deliver(item);
      if (!replayed) run.reread(sessionID);
      else if (held) run.caughtUp?.(sessionID);
    }
  };
  await Promise.all(Array.from({ length: Math.min(REPLAYS, sessionIDs.length) }, worker));
}

/** One session's log after its last sequence, until it is synced (or reaches what the live stream holds). */
async function replay(client: V2Client, path: string, sessionID: string, run: Catchup): Promise<boolean> {
  const own = new AbortController();
  const stop = () => own.abort();
  run.signal.addEventListener('abort', stop, { once: true });
  let synced = false;
  const done = (seq: number | undefined) => {
    const held = run.gate.firstHeld(sessionID);
    return seq !== undefined && held !== undefined && seq >= held - 1;
  };
  try {
    const after = run.gate.after(sessionID);
    // Live items may have come in before the log was asked: nothing to replay in between.
    if (done(after)) return true;
    await runEventStream(client.endpoint, {
      path: `${path}?after=${after}&follow=true`,
      stallMs: run.stallMs,
      signal: own.signal,
      onItem: (item) => {
        if (isObject(item) && item.type === 'log.synced') synced = true;
        else if (sessionOfItem(item) === sessionID) run.deliver(item);
        if (synced || done(durableOf(item)?.seq)) {
          synced = true;
          own.abort();
        }
      },
    });
    // A log that ended by itself (not followed) was read whole.
    return synced || !own.signal.aborted;
  } finally {
    run.signal.removeEventListener('abort', stop);
  }
}

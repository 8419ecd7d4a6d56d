// OpenCode 2's `/api/event` is volatile: a reader that falls behind or reconnects misses what happened meanwhile.
// Session events are durable (`durable: {aggregateID, seq, version}`), and a session's log replays them in order
// after a sequence (`GET /api/experimental/session/{id}/log?after=<seq>&follow=true`, packages/protocol/src/groups/
// session.ts; the older build ends its replay with `{type: "log.synced", aggregateID, seq}`). After a gap, each
// session that was working is replayed from the last sequence applied here while its live items wait, so every
// event is applied once and in order. Only a server built with retention replays anything: a stock `opencode serve`
// keeps no event payloads and its log answers only `log.synced` with the session's latest sequence (recorded on the
// August build, read in 2.0.26's packages/core/src/bus.ts). A log that brings nothing past `after` before that
// marker kept nothing, and a server that offers no log has none: either way the session's messages are read again.
import { isObject, nonEmptyString } from '../../base/parse';
import type { RereadReason } from '../serverApi';
import type { ServerEndpoint } from '../transport/endpoint';
import { runEventStream } from '../transport/eventStream';
import { fillRoute, type V2Contract } from './contract';

/** Live items held for sessions being replayed, in all, by count and by size (an item may be 4 MB): past either, a
 * session's replay is given up (its messages are read). */
const MAX_HELD = 20_000;
const MAX_HELD_CHARS = 32 * 1024 * 1024;
/** Values looked at to guess the size of an item whose text length is not known; past them it counts as the most. */
const SIZE_WALK = 256;
const MAX_ITEM_CHARS = 4 * 1024 * 1024;
/** Sessions caught up after one gap at most (each is a read of its log): the rest are read again as views ask. */
export const MAX_CAUGHT_UP = 100;
/** Sessions tracked by sequence in one stream (a stream of made-up ids must not grow it without bound). */
const MAX_TRACKED = 20_000;
/** A sequence this far past a session's last is made up (each event adds one): applied, it would hide every real one. */
const MAX_SEQ_JUMP = 1_000_000;
/** How a made-up sequence is counted with the connection's malformed data. */
export const SEQ_AHEAD = 'event sequence far past its session\u2019s last (the session is read again)';

/** Sessions replayed at once. */
const REPLAYS = 4;
/** A log that brings no item for this long (at most twice it) is given up: its session is read again. */
const PROGRESS_MS = 3_000;
/** The longest one session's replay may take (a log that goes on and on must not hold its session's live items). */
const REPLAY_MS = 60_000;

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
  private readonly holding = new Map<string, { items: unknown[]; scanned: number; chars: number }>();
  private held = 0;
  private heldChars = 0;

  /** `applied`: the last sequence applied of a session before this stream (kept across connections). */
  constructor(private readonly applied: (sessionID: string) => number | undefined) {}

  /** The sequence a session's replay starts after. */
  after(sessionID: string): number {
    return this.last.get(sessionID) ?? this.applied(sessionID) ?? 0;
  }

  /**
   * Undefined: not durable; false: applied already (skip); 'ahead': a made-up sequence, far past the session's last
   * (skip, not applied: the session is read again); else its session and sequence, now the session's last.
   */
  admit(item: unknown): Durable | false | 'ahead' | undefined {
    const durable = durableOf(item);
    if (!durable) return undefined;
    if (durable.seq <= this.after(durable.sessionID)) return false;
    if (this.isFarAhead(durable)) return 'ahead';
    this.last.delete(durable.sessionID);
    this.last.set(durable.sessionID, durable.seq);
    if (this.last.size > MAX_TRACKED) this.last.delete(this.last.keys().next().value!);
    return durable;
  }

  /**
   * Far past a known last sequence. A session seen for the first time (after VS Code starts, every one) has no
   * baseline: its first sequence may be any size, and becomes it.
   */
  isFarAhead(durable: Durable): boolean {
    const known = this.last.get(durable.sessionID) ?? this.applied(durable.sessionID);
    return known !== undefined && durable.seq > known + MAX_SEQ_JUMP;
  }

  /** From now on, the session's live items wait (`take` hands them over). */
  hold(sessionID: string): void {
    if (!this.holding.has(sessionID)) this.holding.set(sessionID, { items: [], scanned: 0, chars: 0 });
  }

  isHeld(sessionID: string): boolean {
    return this.holding.has(sessionID);
  }

  /**
   * Keeps the item when its session is held: true. Past MAX_HELD items or MAX_HELD_CHARS, 'full' (the caller gives
   * the replay up). `chars`: the item's text length as it came (else it is estimated).
   */
  keep(item: unknown, chars?: number): boolean | 'full' {
    const sessionID = sessionOfItem(item);
    const queue = sessionID === undefined ? undefined : this.holding.get(sessionID);
    if (!queue) return false;
    const size = chars ?? estimateChars(item);
    if (this.held >= MAX_HELD || this.heldChars + size > MAX_HELD_CHARS) return 'full';
    queue.items.push(item);
    queue.chars += size;
    this.held += 1;
    this.heldChars += size;
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
      if (durable && durable.seq > after && !this.isFarAhead(durable)) return durable.seq;
    }
    return undefined;
  }

  /** Stops holding the session; its held items, in order. */
  take(sessionID: string): unknown[] {
    const queue = this.holding.get(sessionID);
    if (!queue) return [];
    this.holding.delete(sessionID);
    this.held -= queue.items.length;
    this.heldChars -= queue.chars;
    return queue.items;
  }
}

/** About the length of the item as JSON, looking at SIZE_WALK values at most (a bigger item counts as the biggest). */
function estimateChars(item: unknown): number {
  const stack = [item];
  let chars = 0;
  for (let looked = 0; stack.length; looked++) {
    const value = stack.pop();
    if (typeof value === 'string') chars += value.length + 2;
    else if (Array.isArray(value)) {
      if (stack.length + value.length > SIZE_WALK) return MAX_ITEM_CHARS;
      chars += 2;
      for (const entry of value) stack.push(entry);
    } else if (isObject(value))
      for (const key in value) {
        // Stops within SIZE_WALK keys of an object of any size.
        if (stack.length >= SIZE_WALK) return MAX_ITEM_CHARS;
        chars += key.length + 4;
        stack.push(value[key]);
      }
    else chars += 8;
    if (looked >= SIZE_WALK) return MAX_ITEM_CHARS;
  }
  return Math.min(chars, MAX_ITEM_CHARS);
}

export interface Catchup {
  gate: SequenceGate;
  signal: AbortSignal;
  stallMs: number;
  /** How long a log may bring nothing, and how long a replay may take, before it is given up (tests shorten them). */
  progressMs?: number;
  replayMs?: number;
  /** An item read (replayed or live), through the gate. */
  deliver(item: unknown): void;
  /** Told of an item skipped as malformed, by kind. */
  malformed?(kind: string): void;
  /** A session not replayed (no log offered, nothing kept, or it failed): its messages are read again. */
  reread(sessionID: string, why: RereadReason): void;
  /** A session replayed up to its held live items: it missed nothing. */
  caughtUp?(sessionID: string): void;
}

/** The server whose logs are read (a V2Client is one): where it is, and the contract that names its log route. */
export interface LogServer {
  readonly endpoint: ServerEndpoint;
  readonly contract: V2Contract;
}

/**
 * Replays each session from its log (a few at a time), then hands over its held live items. Sessions that cannot
 * be replayed are read again instead; their held items go on as they came.
 */
export async function catchUp(client: LogServer, sessionIDs: readonly string[], run: Catchup): Promise<void> {
  const route = client.contract.source === 'document' ? client.contract.route('log') : undefined;
  let next = 0;
  const worker = async () => {
    while (next < sessionIDs.length && !run.signal.aborted) {
      const sessionID = sessionIDs[next++];
      const way: Replay = route
        ? await replay(client, fillRoute(route, { sessionID }), sessionID, run).catch(() => 'log failed' as const)
        : 'no log route';
      if (run.signal.aborted) return;
      // Not held any more: the live stream gave its replay up (too much held) and has it read again.
      const held = run.gate.isHeld(sessionID);
      for (const item of run.gate.take(sessionID)) run.deliver(item);
      // Given up by the live stream, it was read again there already: once is enough.
      if (way !== 'replayed' && held) run.reread(sessionID, way);
      else if (held) run.caughtUp?.(sessionID);
    }
  };
  await Promise.all(Array.from({ length: Math.min(REPLAYS, sessionIDs.length) }, worker));
}

/** How one session's log answered: it replayed what was missed, or why the session is read again instead. */
type Replay = 'replayed' | RereadReason;

/**
 * One session's log after its last sequence, until it is synced (or reaches what the live stream holds). Only what
 * is there now is asked (`follow=false`): the live stream is registered already and brings what comes later.
 * 'replayed' only when the log reached the held live items, or said it was synced after bringing an item past
 * `after` (or with a sequence no later than `after`: nothing happened since). A marker past `after` with nothing of
 * the session before it is a log that kept nothing ('not retained'); a log that just ends (cut short) or stops making
 * progress (heartbeats only, a server that follows anyway) is given up ('log failed'): the session is read again.
 */
async function replay(client: LogServer, path: string, sessionID: string, run: Catchup): Promise<Replay> {
  const own = new AbortController();
  const stop = () => own.abort();
  run.signal.addEventListener('abort', stop, { once: true });
  let synced = false;
  /** An item of the session past `after` came: the log keeps what it is asked for. */
  let past = false;
  let failed: RereadReason | undefined;
  let items = 0;
  let seen = -1;
  // No item for a while, or the session given up by the live stream (too much held): stop reading its log.
  const watch = setInterval(() => {
    if (items === seen || !run.gate.isHeld(sessionID)) own.abort();
    seen = items;
  }, run.progressMs ?? PROGRESS_MS);
  const limit = setTimeout(stop, run.replayMs ?? REPLAY_MS);
  const done = (seq: number | undefined) => {
    const held = run.gate.firstHeld(sessionID);
    return seq !== undefined && held !== undefined && seq >= held - 1;
  };
  try {
    const after = run.gate.after(sessionID);
    // Live items may have come in before the log was asked: nothing to replay in between.
    if (done(after)) return 'replayed';
    await runEventStream(client.endpoint, {
      path: `${path}?after=${after}&follow=false`,
      stallMs: run.stallMs,
      signal: own.signal,
      onComment: () => void (run.gate.isHeld(sessionID) || own.abort()),
      onItem: (item) => {
        items += 1;
        if (!run.gate.isHeld(sessionID)) return own.abort();
        // Only this session's items count: another's (or a `log.synced` of another) says nothing of where it is.
        const durable = durableOf(item);
        const ours = durable?.sessionID === sessionID;
        if (durable && ours && run.gate.isFarAhead(durable)) {
          // A made-up sequence: the log cannot be trusted; its session is read again.
          run.malformed?.(SEQ_AHEAD);
          failed = 'made-up sequence';
          return own.abort();
        }
        if (isObject(item) && item.type === 'log.synced') {
          synced = item.aggregateID === undefined || item.aggregateID === sessionID;
          // Synced, yet nothing past `after` came while the marker says there is more (or does not say): kept nothing.
          const seq = item.seq;
          if (synced && !past && !(typeof seq === 'number' && seq <= after)) failed = 'not retained';
        } else if (sessionOfItem(item) === sessionID) {
          if (ours && durable.seq > after) past = true;
          run.deliver(item);
        }
        if (synced || (ours && done(durable.seq))) {
          synced = true;
          own.abort();
        }
      },
    });
    return failed ?? (synced ? 'replayed' : 'log failed');
  } finally {
    clearInterval(watch);
    clearTimeout(limit);
    run.signal.removeEventListener('abort', stop);
  }
}

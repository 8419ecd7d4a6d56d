// V2's live stream as store events. 2.x sends no idle status and changes a session's record without carrying it
// (a rename, a move, a fork, a revert, a view, the end of a run with its outcome), so a session is re-read
// (settled) once its events stop arriving for a moment: in batches, one `/api/session/active` per batch and a few
// session reads at a time, so a busy server with many sessions is not asked once per session per step. What each
// item means, and which sessions it settles, is the reader's (v2/events.ts); the sequence gate (v2/replay.ts) says
// which items are new.
import { OVERSIZE, runEventStream } from '../transport/eventStream';
import type { SessionStatus } from '../../store/events';
import type { RereadReason, StreamOptions, StreamSink } from '../serverApi';
import type { V2Client } from './client';
import { V2EventReader } from './events';
import { DueQueue } from './dueQueue';
import { Slices } from '../../base/node/slices';
import { catchUp, MAX_CAUGHT_UP, SEQ_AHEAD, SequenceGate, sessionOfItem } from './replay';
import { dataOf, readV2Active, v2SessionInfo } from './records';
import { ROUTES } from './contract';
import { lacksRoute } from './client';
import { asServerError } from '../transport/serverError';
import { Disposable, toDisposable } from '../../base/disposable';

/** A session is re-read this long after the last event that calls for it. */
const SETTLE_DEBOUNCE_MS = 150;
/** Still running: read again after twice the last wait, up to this. */
const MAX_RECHECK_MS = 5_000;
/** Sessions read again for made-up sequences, per stream. */
const MAX_AHEAD_REREADS = 100;
/** Session reads of one batch under way at once. */
const SETTLE_READS = 4;
/**
 * Looks at a session whose state could not be read (its status unreadable: a busy or unreachable server) this many
 * times, less and less often, before it is said in the log and looked at only once a minute (a session that ended
 * meanwhile sends no event that would say so). A route the server lacks is given up at once: asking cannot help.
 */
export const MAX_UNREAD_TRIES = 5;
/** A session whose state could not be read MAX_UNREAD_TRIES times is looked at again this often. */
const UNREAD_RECHECK_MS = 60_000;
/** Session ids a give-up names in its log line (the rest are counted). */
const GAVE_UP_NAMED = 5;

export class V2EventStream {
  /** The open stream's settler: what the extension itself changed (an interrupt) is re-read through it. */
  private settler?: SessionSettler;

  constructor(
    private readonly client: V2Client,
    /** Settles once the server's document is read (or not): the log route is known from it. */
    private readonly contractRead: () => Promise<unknown> = () => Promise.resolve(),
  ) {}

  /** Re-reads a session soon: after an interrupt the server may send nothing more for it (its turn just stops). */
  settleSoon(sessionID: string): void {
    this.settler?.schedule(sessionID);
  }

  async streamEvents({ stallMs, signal, readerKey, behind: wasWorking = [] }: StreamOptions, sink: StreamSink): Promise<void> {
    const reader = readerFor(readerKey, sink);
    const settle = new SessionSettler(this.client, signal, sink);
    this.settler = settle;
    // Sessions that were working while no stream was open: their live items wait until their log is replayed.
    const gate = new SequenceGate((id) => sink.appliedSeq?.(id));
    const behind = wasWorking.slice(0, MAX_CAUGHT_UP);
    for (const id of behind) gate.hold(id);
    reader.keepOnly(new Set(behind));
    let caughtUp: Promise<void> | undefined;
    const reread = (id: string, why: RereadReason) => {
      reader.forget(id);
      sink.reread?.(id, why);
    };
    /** Sessions read again for a made-up sequence on this stream (once each; a stream of them adds no more reads). */
    const aheadReread = new Set<string>();
    const deliver = (item: unknown, replayed = false) => {
      const durable = gate.admit(item);
      if (durable === false) return;
      if (durable === 'ahead') {
        sink.malformed(SEQ_AHEAD);
        const id = sessionOfItem(item)!;
        if (!aheadReread.has(id) && aheadReread.size < MAX_AHEAD_REREADS) {
          aheadReread.add(id);
          reread(id, 'made-up sequence');
        }
        return;
      }
      const reading = reader.readLive(item);
      for (const id of reading.settle) settle.schedule(id);
      if (reading.requestsStale) sink.requestsStale?.();
      for (const event of reading.events) {
        // The record is the server's (the snapshot, then the settler): a replayed one would be older.
        if (replayed && event.type === 'session.upsert') continue;
        sink.onEvent(event);
      }
      for (const id of reading.running) settle.sawRunning(id);
      if (durable) sink.onSeq?.(durable.sessionID, durable.seq);
    };
    const startCatchup = () =>
      Promise.race([this.contractRead(), aborted(signal)])
        .catch(() => undefined)
        .then(() =>
          catchUp(this.client, behind, {
            gate,
            signal,
            stallMs,
            deliver: (item) => deliver(item, true),
            reread,
            malformed: (kind) => sink.malformed(kind),
            caughtUp: (id) => sink.caughtUp?.(id),
          }),
        );
    try {
      await runEventStream(this.client.endpoint, {
        stallMs,
        signal,
        path: ROUTES.event[0].path,
        // A heartbeat (a comment) says the server is there, as an item would.
        onComment: () => sink.onItem(),
        onOversize: () => sink.malformed(OVERSIZE),
        onItem: (item, chars) => {
          sink.onItem();
          // The stream is registered now: a log read from here on misses nothing.
          if (!caughtUp && behind.length) void (caughtUp = startCatchup().catch(() => undefined));
          const kept = gate.keep(item, chars);
          if (kept === true) return;
          if (kept === 'full') {
            // Too much held: the rest of this session comes live, and its messages are read again.
            const id = sessionOfItem(item)!;
            for (const held of gate.take(id)) deliver(held);
            reread(id, 'too much held');
          }
          deliver(item);
        },
      });
    } finally {
      settle.dispose();
      if (this.settler === settle) this.settler = undefined;
    }
  }
}

/** Settles when the signal aborts (a stream dropped before the server's document was read waits no longer). */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

/**
 * Re-reads sessions once their events stop arriving for a moment, and again (less often) while they still run. One
 * timer for every session (at the soonest due time, over a queue), not one per session as a KeyedTimer keeps: what
 * is due is read in one batch. The stream that made it disposes it, and with it the timer.
 */
class SessionSettler extends Disposable {
  /** Sessions waiting to be read: when, and the wait that led there (doubled while a session still runs). */
  private readonly due = new Map<string, { at: number; wait: number }>();
  /** The same times, soonest first: a time a session no longer has (it was put off) is dropped when it comes up. */
  private readonly queue = new DueQueue();
  private readonly timer = this.ownTimer();
  /** When the timer fires (Infinity: not armed). */
  private armedAt = Infinity;
  private reading = false;
  /** The batch under way: its sessions, and those of them the stream said run since it asked what runs (its answer
   * is older than that). Only the batch's own are kept, so a stream of made-up ids adds nothing. */
  private batchIds?: Set<string>;
  private runningSince = new Set<string>();
  /** Sessions whose state could not be read, and how many looks in a row failed (none once read, given up or due anew). */
  private readonly unread = new Map<string, number>();

  constructor(
    private readonly client: V2Client,
    private readonly signal: AbortSignal,
    private readonly sink: StreamSink,
  ) {
    super();
    this._register(
      toDisposable(() => {
        this.due.clear();
        this.queue.rebuild(this.due);
      }),
    );
  }

  /** An event (or the extension) calls for a session to be read: its tries start again. */
  schedule(sessionID: string): void {
    this.unread.delete(sessionID);
    this.putOff(sessionID, SETTLE_DEBOUNCE_MS);
  }

  private putOff(sessionID: string, wait: number): void {
    if (this.disposed) return;
    const at = Date.now() + wait;
    this.due.set(sessionID, { at, wait });
    this.queue.push(at, sessionID);
    // Times put off pile up in a burst of events for the same sessions: the queue is rebuilt from what is due.
    if (this.queue.size > 2 * this.due.size + 1_024) this.queue.rebuild(this.due);
    this.arm();
  }

  /** A session's run began (a prompt admitted, a step): a batch under way must not call it idle from an older answer. */
  sawRunning(sessionID: string): void {
    if (this.batchIds?.has(sessionID)) this.runningSince.add(sessionID);
  }

  /** The timer at the soonest due time; kept when it fires sooner already (an event per session must not re-arm it). */
  private arm(): void {
    if (this.reading || this.disposed) return;
    const soonest = this.soonest();
    if (soonest === undefined || soonest >= this.armedAt) return;
    this.armedAt = soonest;
    this.timer.set(
      () => {
        this.armedAt = Infinity;
        void this.flush();
      },
      Math.max(0, soonest - Date.now()),
    );
  }

  /** The soonest time a session still has. */
  private soonest(): number | undefined {
    for (let top = this.queue.peek(); top; top = this.queue.peek()) {
      if (this.due.get(top.id)?.at === top.at) return top.at;
      this.queue.pop();
    }
    return undefined;
  }

  /** Every session that is due, in one batch, soonest first. */
  private async flush(): Promise<void> {
    const now = Date.now();
    const batch: Array<[string, { at: number; wait: number }]> = [];
    const batchIds = new Set<string>();
    this.batchIds = batchIds;
    this.reading = true;
    try {
      const slices = new Slices();
      for (let at = this.soonest(); at !== undefined && at <= now && !this.disposed; at = this.soonest()) {
        const { id } = this.queue.pop()!;
        batch.push([id, this.due.get(id)!]);
        batchIds.add(id);
        this.due.delete(id);
        if (slices.due) await slices.yield();
      }
      if (!batch.length) return;
      const { signal } = this;
      const active = await this.client
        .call('active', {}, 'Reading session status', { signal })
        .then((answer) => readV2Active(answer))
        .then(
          (answer) => ({ answer, error: undefined as unknown }),
          (error: unknown) => ({ answer: undefined, error }),
        );
      const gaveUp: string[] = [];
      const slowed: string[] = [];
      let why: unknown;
      let next = 0;
      // A read may fail at once, without I/O (a route the server lacks): the batch still gives the loop a turn
      // every slice, so it never holds the extension host however many sessions it reads.
      const worker = async () => {
        while (next < batch.length && !signal.aborted && !this.disposed) {
          // First, so a session skipped below (due again) does not skip the turn; the loop's test runs again after it.
          if (slices.due) {
            await slices.yield();
            continue;
          }
          const [id, { wait }] = batch[next++];
          const state = await this.settle(id, active.answer, active.error).catch((error: unknown) => ({ unread: error }));
          // Something new arrived for it meanwhile: it is due again already, its tries begun anew.
          if (this.due.has(id) || this.disposed) continue;
          if (state === 'idle') this.unread.delete(id);
          // Still running: look again a little later.
          else if (state === 'running') {
            this.unread.delete(id);
            this.putOff(id, Math.min(wait * 2, MAX_RECHECK_MS));
          } else if (lacksRoute(state.unread)) {
            this.unread.delete(id);
            gaveUp.push(id);
            why ??= state.unread;
          } else {
            const tries = (this.unread.get(id) ?? 0) + 1;
            this.unread.set(id, Math.min(tries, MAX_UNREAD_TRIES));
            // Said once, when it slows down; asked again once a minute until it reads (or its next event).
            if (tries === MAX_UNREAD_TRIES) {
              slowed.push(id);
              why ??= state.unread;
            }
            this.putOff(id, tries < MAX_UNREAD_TRIES ? Math.min(wait * 2, MAX_RECHECK_MS) : UNREAD_RECHECK_MS);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(SETTLE_READS, batch.length) }, worker));
      if (gaveUp.length) this.gaveUp(gaveUp, why, 'they are looked at again at their next event.');
      if (slowed.length) this.gaveUp(slowed, why, 'they are looked at again at their next event, and once a minute.');
    } finally {
      this.batchIds = undefined;
      this.runningSince.clear();
      this.reading = false;
      this.arm();
    }
  }

  /** Says which sessions are no longer looked at (until their next event), and the failure that ended the last. */
  private gaveUp(sessionIDs: string[], why: unknown, when: string): void {
    // Ids are the server's: quoted and cut, so a hostile one cannot break the log's lines or fill them.
    const named = sessionIDs
      .slice(0, GAVE_UP_NAMED)
      .map((id) => JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id))
      .join(', ');
    const more = sessionIDs.length > GAVE_UP_NAMED ? ` and ${sessionIDs.length - GAVE_UP_NAMED} more` : '';
    this.sink.settleGaveUp?.(
      sessionIDs,
      `could not tell whether ${named}${more} still run (${why === undefined ? 'an answer not in the shape OpenCode sends' : asServerError(why, 'Reading session status').message}); ` +
        when,
    );
  }

  /**
   * The server's own record and running state: idle (said so), running (look again later), or unread: whether it
   * runs could not be read (a busy or unreachable server, a route it lacks) — rather than leave the session shown
   * as running, it is looked at again, a few times.
   */
  private async settle(
    sessionID: string,
    active: Record<string, SessionStatus> | undefined,
    activeError: unknown,
  ): Promise<'idle' | 'running' | { unread: unknown }> {
    const { signal } = this;
    if (signal.aborted || this.disposed) return 'idle';
    const answer = await this.client.call('session', { sessionID }, 'Reading the session', { signal }).catch(() => undefined);
    if (signal.aborted || this.disposed) return 'idle';
    const info = v2SessionInfo(dataOf(answer));
    if (info) this.sink.onEvent({ type: 'session.upsert', info });
    // Busy is what the steps say; only the end of running is learned here.
    if (active?.[sessionID] || this.runningSince.has(sessionID)) return 'running';
    if (!active) return { unread: activeError };
    this.sink.onEvent({ type: 'session.status', sessionID, status: { type: 'idle' } });
    return 'idle';
  }
}

/** A connection's reader, with the sink of its open stream (each stream reports through its own). */
const keptReaders = new WeakMap<object, { reader: V2EventReader; sink: StreamSink }>();

/**
 * One reader per connection, not per stream: a turn begun before a gap and replayed after it still counts the
 * files its steps change (a reader made anew knows no turn for them, and Changes would never hear of them).
 */
function readerFor(key: object | undefined, sink: StreamSink): V2EventReader {
  const kept = key ? keptReaders.get(key) : undefined;
  if (kept) {
    kept.sink = sink;
    return kept.reader;
  }
  const entry = {
    sink,
    reader: new V2EventReader(
      (kind) => entry.sink.malformed(kind),
      (type) => entry.sink.unknown?.(type),
    ),
  };
  if (key) keptReaders.set(key, entry);
  return entry.reader;
}

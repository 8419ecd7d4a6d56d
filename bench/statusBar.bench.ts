// The status bar and the active session at 10 000 sessions against 50, in one run: one session that is not the
// active one streams 1 000 events/s, gathered into 50 ms frames as the sessions model hands them over. Each
// frame is what the two do with it: the active session's follower (store/activeFollow.ts: is the target
// another, or touched?) and the status bar's and budget warnings' spend watches (store/spendMoved.ts: did
// anything spend?). A frame that is news to neither draws nothing; the renders counted are the frames that
// would draw. Not measured: the store applying the events (the storeIngest bench) and VS Code drawing the item.
// Every streamed event reaches the store (session.updated and the reply's message.updated, no spending), the
// worst case for the followers: text deltas, most of a real stream, never reach it.
import { parseEvent } from '../src/client/v1/events';
import { ActiveFollow, type FrameChange } from '../src/store/activeFollow';
import type { SessionStore } from '../src/store/sessionStore';
import { SpendWatch } from '../src/store/spendMoved';
import { mergeStoreChange, copyStoreChange, type StoreChange } from '../src/store/storeChange';
import { median } from './stats';
import { seed, wire, info } from './storeIngest.bench';

const SMALL = 50;
const LARGE = 10_000;
const EVENTS_PER_SECOND = 1_000;
const FRAME_MS = 50;
const EVENTS_PER_FRAME = (EVENTS_PER_SECOND * FRAME_MS) / 1000;
const FRAMES = 2_000;
const ROUNDS = 15;
const GOAL = 1.1;
const ACTIVE = 'r0';
const STREAMING = 'r8';

interface Server {
  config: { id: string };
  sessions: SessionStore;
}

interface Setup {
  server: Server;
  follow: ActiveFollow<Server>;
  statusBar: SpendWatch<Server>;
  budgetWarnings: SpendWatch<Server>;
  /** The next event's time (the stream's clock). */
  clock: number;
}

function setUp(sessions: number): Setup {
  const server: Server = { config: { id: 'bench' }, sessions: seed(sessions) };
  const follow = new ActiveFollow(() => [server], { serverId: 'bench', sessionId: ACTIVE });
  const setup = { server, follow, statusBar: new SpendWatch([server]), budgetWarnings: new SpendWatch([server]), clock: 10 };
  // The first frame: the servers came (the target is news once).
  step(setup, { sessions: new Map(), states: new Set(), servers: true });
  return setup;
}

/** What the two do with one frame; whether it would draw the status bar. */
function step(s: Setup, frame: FrameChange<Server>): boolean {
  const news = s.follow.frame(frame);
  const spent = s.statusBar.moved(frame.sessions);
  s.budgetWarnings.moved(frame.sessions);
  return !!news || spent;
}

/** One frame's worth of `session`'s stream, applied to the store and merged as the sessions model merges it. */
function streamFrame(s: Setup, session: string): FrameChange<Server> {
  let merged: StoreChange | undefined;
  for (let k = 0; k < EVENTS_PER_FRAME; k++) {
    const t = s.clock++;
    const raw =
      k % 2
        ? wire('session.updated', info(session, undefined, 1, t))
        : {
            directory: '/w',
            payload: {
              type: 'message.updated',
              properties: {
                info: {
                  id: `m${session}`,
                  sessionID: session,
                  role: 'assistant',
                  cost: 0,
                  tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
                  time: { created: t },
                },
              },
            },
          };
    const change = s.server.sessions.apply(parseEvent(raw)!);
    merged = merged ? mergeStoreChange(merged, change) : copyStoreChange(change);
  }
  return { sessions: new Map([[s.server, merged!]]), states: new Set(), servers: false };
}

/**
 * µs per frame of the two's work, and the frames that would draw, over FRAMES frames of `session` streaming. The
 * round's frames are gathered first (the store applies their events) and then handed over in one timed run: the
 * work is under a microsecond a frame, less than a clock read's jitter.
 */
function round(s: Setup, session: string): { us: number; renders: number } {
  const frames = Array.from({ length: FRAMES }, () => streamFrame(s, session));
  let renders = 0;
  const started = performance.now();
  for (const frame of frames) if (step(s, frame)) renders += 1;
  return { us: ((performance.now() - started) * 1000) / FRAMES, renders };
}

/** The baseline a frame must beat: every session of every server scanned on every frame. */
function scanEveryFrame(s: Setup): number {
  const started = performance.now();
  for (let f = 0; f < 50; f++) {
    let best = 0;
    for (const record of s.server.sessions.all()) best = Math.max(best, record.lastActivity);
    if (best < 0) throw new Error('unreachable');
  }
  return ((performance.now() - started) * 1000) / 50;
}

export interface StatusBarBenchResult {
  smallUs: number;
  largeUs: number;
  ratio: number;
  rendersWhileOtherStreams: number;
  rendersWhileActiveStreams: number;
}

export function runStatusBarBench(): StatusBarBenchResult {
  const small = setUp(SMALL);
  const large = setUp(LARGE);
  const smalls: number[] = [];
  const larges: number[] = [];
  let rendersWhileOtherStreams = 0;
  // Alternating rounds, medians: a shared machine's load falls on both alike. The first round warms up the JIT.
  for (let r = 0; r < ROUNDS + 1; r++) {
    const [a, b] = [round(small, STREAMING), round(large, STREAMING)];
    rendersWhileOtherStreams += a.renders + b.renders;
    if (r === 0) continue;
    smalls.push(a.us);
    larges.push(b.us);
  }
  // The control: the active session itself streaming is news every frame (the count is not stuck at 0).
  const control = round(large, ACTIVE);
  const [smallUs, largeUs] = [median(smalls), median(larges)];
  const ratio = largeUs / smallUs;
  console.log(
    `status bar and active session per 50 ms frame, one session that is not the active one streaming ${EVENTS_PER_SECOND} events/s (${FRAMES} frames a round, medians of ${ROUNDS} alternating rounds)`,
  );
  console.log(`  rounds (µs/frame): ${SMALL} sessions ${smalls.map((t) => t.toFixed(2)).join(' ')}`);
  console.log(`  rounds (µs/frame): ${LARGE} sessions ${larges.map((t) => t.toFixed(2)).join(' ')}`);
  console.log(`  ${SMALL} sessions: ${smallUs.toFixed(2)} µs/frame · ${LARGE} sessions: ${largeUs.toFixed(2)} µs/frame`);
  console.log(`  ratio: ×${ratio.toFixed(2)} (goal ≤ ×${GOAL.toFixed(2)}: ${ratio <= GOAL ? 'met' : 'MISSED'})`);
  console.log(
    `  renders while the other session streams: ${rendersWhileOtherStreams} in ${2 * (ROUNDS + 1) * FRAMES} frames (goal 0: ${rendersWhileOtherStreams === 0 ? 'met' : 'MISSED'})`,
  );
  console.log(`  control, the active session streaming: ${control.renders} renders in ${FRAMES} frames`);
  console.log(
    `  before: a scan of every session each frame, ${scanEveryFrame(small).toFixed(2)} µs at ${SMALL}, ${scanEveryFrame(large).toFixed(2)} µs at ${LARGE}`,
  );
  return { smallUs, largeUs, ratio, rendersWhileOtherStreams, rendersWhileActiveStreams: control.renders };
}

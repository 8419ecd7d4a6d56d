// The demo's live prompts: every tick, each target session takes one more turn, so badges change while a person
// watches. A turn's size rises and falls over a cycle instead of growing each time (it did: after an hour the
// sessions crossed the compaction threshold and offered Compact now), so the demo's figures stay in one range for
// as long as it runs; only what adds up (cost, tokens, steps) grows, by about the same amount each turn.
import { prompt, type Harness } from './scenario';
import { text, type ReplyTiming, type Usage } from './scriptedModel';

/** A session the ticker prompts. */
export interface TickTarget {
  harness: Harness;
  sessionId: string;
  directory?: string;
  /** The prompt and the answer of round `round` (1, 2, …). */
  words(round: number): { ask: string; answer: string };
  /** The turn's size at its smallest, and what each step of the cycle adds. */
  size: { prompt: number; cached: number; completion: number; step: number };
  /** False once nobody would prompt it any more (a stopped cluster Task's session): skipped from then on. */
  active?(): boolean;
}

/** The demo's pace: a round every 20 s (scripts/demo.ts; scripts/demoRate.ts measures what it spends). */
export const DEMO_TICK_MS = 20_000;

/** Rounds from the smallest turn to the largest; as many back down. At the demo's 20 s pace: a 10-minute cycle. */
export const HALF_CYCLE = 15;

/** Round `round`'s usage: a triangle wave between `size.prompt` and `size.prompt + HALF_CYCLE × size.step`. */
export function turnUsage(size: TickTarget['size'], round: number): Usage {
  const phase = (round - 1) % (2 * HALF_CYCLE);
  const up = phase <= HALF_CYCLE ? phase : 2 * HALF_CYCLE - phase;
  return { prompt: size.prompt + up * size.step, cached: size.cached, completion: size.completion };
}

/**
 * How long the demo's model takes over a turn, as a hosted model does: its first token after a second or more, then
 * its output at about 150 tokens a second (ours: not observed; no reference fact). An answer at once is recorded, cost
 * and all, before any client can stop it, and the cluster's Agent, like kubeopencode's, runs no plugin to refuse a
 * paused session's request: there the extension's stop holds the pause. A step stopped before its stream's last chunk
 * (which carries the usage) is recorded at $0 with no step-finish (ours: measured on 1.18.33).
 */
export function realModelPace(completion: number): ReplyTiming {
  return { delayMs: 1_200, streamMs: Math.round((completion / 150) * 1000) };
}

/** The model's pace: a real one's (realModelPace), or `at once` for tests that run many rounds at a fast pace. */
export type ReplyPace = 'real model' | 'at once';

export interface DemoTicker {
  /** Rounds started so far, and finished (every target's turn done or failed). */
  readonly rounds: number;
  readonly finished: number;
  stop(): void;
  /** Stops, and resolves once a round still running has finished (its turns done on the server). */
  stopAndSettle(): Promise<void>;
}

/**
 * Starts a round every `everyMs`: each target's turn, one after the other (they share nothing, but one turn at a
 * time per server keeps the scripted model's queue in order). A round still running when the next is due is not
 * overlapped: the next starts when it ends. `failed` hears a turn that failed (the demo prints it).
 */
export function startDemoTicker(
  targets: readonly TickTarget[],
  everyMs: number,
  failed: (error: unknown) => void,
  pace: ReplyPace = 'real model',
): DemoTicker {
  let rounds = 0;
  let finished = 0;
  let running: Promise<void> | undefined;
  let stopped = false;
  const round = async (n: number) => {
    for (const t of targets) {
      if (stopped) return;
      if (t.active && !t.active()) continue;
      const { ask, answer } = t.words(n);
      const usage = turnUsage(t.size, n);
      const timing = pace === 'real model' ? realModelPace(usage.completion) : {};
      const reply = text(answer, usage, timing);
      await prompt(t.harness, t.sessionId, ask, [reply], { directory: t.directory }).catch(failed);
      // A turn stopped or refused before the model was asked (a budget pause holds): its reply must not answer the next.
      t.harness.model.withdraw(reply);
    }
  };
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  const timer = setInterval(() => {
    if (running) return;
    rounds += 1;
    running = round(rounds).finally(() => {
      finished += 1;
      running = undefined;
    });
  }, everyMs);
  return {
    get rounds() {
      return rounds;
    },
    get finished() {
      return finished;
    },
    stop,
    stopAndSettle: async () => {
      stop();
      await running;
    },
  };
}

/** The demo's local target: "Investigate flaky CI job" checks one more suspect each round. */
export function flakyTarget(harness: Harness, sessionId: string, directory: string): TickTarget {
  return {
    harness,
    sessionId,
    directory,
    words: (n) => ({ ask: `Follow-up ${n}: check the next suspect`, answer: `Checked suspect ${n}.` }),
    size: { prompt: 16_000, cached: 12_000, completion: 700, step: 900 },
  };
}

/** The cluster's target: the running Task's session on the Agent runs the login tests again each round. */
export function agentTarget(harness: Harness, sessionId: string, active?: () => boolean): TickTarget {
  return {
    harness,
    sessionId,
    active,
    words: (n) => ({ ask: `Step ${n}: run the login tests`, answer: `Login tests pass (${n}).` }),
    size: { prompt: 26_000, cached: 22_000, completion: 500, step: 800 },
  };
}

// The budget guard's cost against the store's own per-event cost, at 10 000 sessions, in one run. The guard
// is not on the per-event path: events only schedule a check, at most one per GUARD_CHECK_MS, which reads
// the busy sessions and decides. Its cost per event is a check's cost spread over the events that arrive
// in that time (at 1 000 events/s, the rate the eventLatency bench drives: 200 events per check). Not
// measured: the check's reads of VS Code's settings (the limits and the mode), the same with any store size.
import { BudgetGuard, GUARD_CHECK_MS } from '../src/store/budgetGuard';
import { parseEvent } from '../src/client/v1/events';
import { guardedSessions } from '../src/store/guardedSessions';
import { median } from './stats';
import { seed, wire, info } from './storeIngest.bench';

const SESSIONS = 10_000;
const EVENTS = 20_000;
const CHECKS = 2_000;
const EVENTS_PER_SECOND = 1_000;
const ROUNDS = 7;

export function runGuardBench(): void {
  const store = seed(SESSIONS);
  // Eight task trees at work, as in the store bench: their grandchildren busy.
  for (let k = 0; k < 8; k++)
    store.apply(
      parseEvent({
        directory: '/w',
        payload: { type: 'session.status', properties: { sessionID: `g${k * 4}`, status: { type: 'busy' } } },
      })!,
    );
  // Each round's events carry new figures, as live ones do (a repeated event changes nothing and costs less).
  const perEvent = (round: number) => {
    const events = Array.from({ length: EVENTS }, (_, k) =>
      wire('session.updated', info(`g${(k % 8) * 4}`, `c${(k % 8) * 4}a`, round * EVENTS + k + 2, round * EVENTS + k + 2)),
    );
    const started = performance.now();
    for (const raw of events) {
      const change = store.apply(parseEvent(raw)!);
      for (const id of change.changed) store.inclusive(id);
    }
    return (performance.now() - started) / EVENTS;
  };
  const guard = new BudgetGuard();
  const limits = { session: 1_000, hour: 1_000, day: 0, week: 0 };
  const perCheck = () => {
    const started = performance.now();
    for (let i = 0; i < CHECKS; i++) {
      const { sessions, treeCost } = guardedSessions([{ serverId: 'bench', sessions: store }]);
      guard.decide({ mode: 'abort', limits, windows: { hour: 1, day: 0, week: 0 }, treeCost, sessions });
    }
    return (performance.now() - started) / CHECKS;
  };
  // Alternating rounds, medians of each: a shared machine's load falls on both alike.
  const eventRounds: number[] = [];
  const checks: number[] = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    const [e, c] = [perEvent(round), perCheck()];
    // The first round warms up the JIT for both.
    if (round === 0) continue;
    eventRounds.push(e);
    checks.push(c);
  }
  const [event, check] = [median(eventRounds), median(checks)];
  const eventsPerCheck = (EVENTS_PER_SECOND * GUARD_CHECK_MS) / 1000;
  const spread = check / eventsPerCheck;
  console.log(
    `budget guard at ${SESSIONS} sessions (8 busy), against the store's per-event cost (medians of ${ROUNDS} alternating rounds)`,
  );
  console.log(`  store: ${(event * 1000).toFixed(2)} µs/event`);
  console.log(`  guard: ${(check * 1000).toFixed(0)} µs/check, at most one per ${GUARD_CHECK_MS} ms`);
  console.log(
    `  guard per event at ${EVENTS_PER_SECOND} events/s (${eventsPerCheck} events per check): ${(spread * 1000).toFixed(2)} µs, +${((100 * spread) / event).toFixed(1)} % of the store's`,
  );
  console.log('  budgets off: no check reads the stores (the check returns on the limits)');
}

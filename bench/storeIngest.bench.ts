// The live path: one OpenCode event applied to a server's store (and the inclusive totals the tree then
// reads for the changed rows), on a server with 5 000 sessions against one with 50, measured in one run.
// The per-event cost should not grow with the number of sessions the server holds.
import { parseEvent } from '../src/client/v1/events';
import { SessionStore } from '../src/store/sessionStore';

const EVENTS = 20_000;

export function wire(type: string, info: Record<string, unknown>) {
  return { directory: '/w', payload: { type, properties: { sessionID: info.id, info } } };
}

export function info(id: string, parentID: string | undefined, n: number, updated: number) {
  return {
    id,
    parentID,
    title: `Session ${id}`,
    directory: '/w',
    cost: n * 0.001,
    tokens: { input: n * 100, output: n * 10, reasoning: 0, cache: { read: n * 50, write: 0 } },
    time: { created: 1, updated },
  };
}

/** `sessions` sessions: roots with two children and a grandchild each, as task-heavy servers look. */
export function seed(sessions: number): SessionStore {
  const store = new SessionStore();
  for (let i = 0; i < sessions; i += 4) {
    const root = `r${i}`;
    store.apply(parseEvent(wire('session.created', info(root, undefined, 1, 1)))!);
    store.apply(parseEvent(wire('session.created', info(`c${i}a`, root, 1, 1)))!);
    store.apply(parseEvent(wire('session.created', info(`c${i}b`, root, 1, 1)))!);
    store.apply(parseEvent(wire('session.created', info(`g${i}`, `c${i}a`, 1, 1)))!);
  }
  return store;
}

/** ms per event: a busy grandchild's updates, each followed by the tree reading every changed row. */
export function benchStoreIngest(sessions: number): number {
  const store = seed(sessions);
  const events = Array.from({ length: EVENTS }, (_, k) =>
    wire('session.updated', info(`g${(k % 8) * 4}`, `c${(k % 8) * 4}a`, k + 2, k + 2)),
  );
  const started = performance.now();
  for (const raw of events) {
    const event = parseEvent(raw);
    if (!event) continue;
    const change = store.apply(event);
    for (const id of change.changed) store.inclusive(id);
  }
  return (performance.now() - started) / EVENTS;
}

export function runStoreIngestBench(): void {
  benchStoreIngest(50); // warm up the JIT so the baseline is not penalised
  const small = benchStoreIngest(50);
  const large = benchStoreIngest(5_000);
  console.log('store ingest (one event + inclusive totals of the changed rows)');
  console.log(`     50 sessions: ${(small * 1000).toFixed(2)} µs/event`);
  console.log(`   5000 sessions: ${(large * 1000).toFixed(2)} µs/event`);
  console.log(`  ratio 5000/50: ×${(large / small).toFixed(2)}`);
}

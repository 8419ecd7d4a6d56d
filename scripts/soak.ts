// `npm run soak [-- --minutes N]` (default 10; not part of `npm test`): a real `opencode serve` with the
// scripted model streams for N minutes while sessions are created, prompted (streamed replies) and deleted,
// and one real ServerConnection follows it. Every SAMPLE_S it prints the heap (after a forced GC), the
// process's handles, the event-loop lag of the interval, the store's sessions and the live message ids.
// It fails (exit 1) when, against the first sample after the warm-up, the heap grew more than HEAP_BOUND_MB
// or the handles more than HANDLE_BOUND, or when the connection was not online at the end.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEFAULT_CONNECTION_OPTIONS } from '../src/client/connection/connectionState';
import { ServerConnection } from '../src/client/serverConnection';
import { startHarness } from '../test/harness/harness';
import { createSession, prompt } from '../test/harness/scenario';
import { text } from '../test/harness/scriptedModel';
import { waitFor } from '../test/harness/waitFor';

const SAMPLE_S = 15;
const WARM_UP_S = 60;
const HEAP_BOUND_MB = 24;
const HANDLE_BOUND = 10;
/** Sessions kept on the server: the oldest is deleted once there are more. */
const KEEP_SESSIONS = 8;
const REPLY = 'Soak test reply, streamed in small deltas like a real model. '.repeat(60);

function minutesArg(): number {
  const at = process.argv.indexOf('--minutes');
  const value = at >= 0 ? Number(process.argv[at + 1]) : 10;
  if (!(value > 0)) throw new Error('--minutes takes a number above 0, e.g. --minutes 3');
  return value;
}

interface Sample {
  at: number;
  heapMb: number;
  handles: number;
  lagP99: number;
  lagMax: number;
  sessions: number;
  liveIds: number;
  created: number;
  deleted: number;
}

async function main(): Promise<number> {
  const minutes = minutesArg();
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with node --expose-gc (npm run soak does).');
  console.log(
    `soak: ${minutes} min on a real opencode serve (scripted model); bound after ${WARM_UP_S} s of warm-up: heap +${HEAP_BOUND_MB} MB, handles +${HANDLE_BOUND}`,
  );
  const h = await startHarness();
  const url = h.server.url;
  const warnings: string[] = [];
  const connection = new ServerConnection(
    { id: url, url, origin: 'configured' },
    () => Promise.resolve({ url }),
    { info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    DEFAULT_CONNECTION_OPTIONS,
  );
  connection.start();
  await waitFor(
    'online',
    () => connection.state.kind,
    (k) => k === 'online',
  );
  const started = Date.now();
  const endAt = started + minutes * 60_000;
  let created = 0;
  let deleted = 0;
  const kept: string[] = [];
  // The load: one session after another, each prompted once (a streamed reply), the oldest deleted.
  const load = (async () => {
    while (Date.now() < endAt) {
      const session = await createSession(h, { title: `Soak ${created}` });
      created += 1;
      kept.push(session.id);
      await prompt(h, session.id, 'Stream', [text(REPLY, { prompt: 1000, completion: 500 })]);
      if (kept.length > KEEP_SESSIONS) {
        const id = kept.shift()!;
        await h.server.client().session.delete({ sessionID: id }, { signal: AbortSignal.timeout(30_000) });
        deleted += 1;
      }
    }
  })();
  const samples: Sample[] = [];
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const data = (connection as unknown as { data: { liveMessageCount: number } }).data;
  const header = 'time(s)  heap(MB)  handles  lag p99/max(ms)  sessions  live ids  created/deleted';
  console.log(header);
  while (Date.now() < endAt) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(SAMPLE_S * 1000, Math.max(0, endAt - Date.now()))));
    gc();
    const sample: Sample = {
      at: Math.round((Date.now() - started) / 1000),
      heapMb: process.memoryUsage().heapUsed / 1024 / 1024,
      handles: process.getActiveResourcesInfo().length,
      lagP99: lag.percentile(99) / 1e6,
      lagMax: lag.max / 1e6,
      sessions: connection.sessions.size,
      liveIds: data.liveMessageCount,
      created,
      deleted,
    };
    lag.reset();
    samples.push(sample);
    console.log(
      `${String(sample.at).padStart(7)}  ${sample.heapMb.toFixed(1).padStart(8)}  ${String(sample.handles).padStart(7)}  ${`${sample.lagP99.toFixed(1)}/${sample.lagMax.toFixed(1)}`.padStart(15)}  ${String(sample.sessions).padStart(8)}  ${String(sample.liveIds).padStart(8)}  ${created}/${deleted}`,
    );
  }
  lag.disable();
  await load;
  const online = connection.state.kind === 'online';
  connection.dispose();
  await h.dispose();
  const base = samples.find((s) => s.at >= WARM_UP_S) ?? samples[0];
  const last = samples[samples.length - 1];
  const heapGrowth = last.heapMb - base.heapMb;
  const handleGrowth = last.handles - base.handles;
  const failures = [
    heapGrowth > HEAP_BOUND_MB && `heap grew ${heapGrowth.toFixed(1)} MB since ${base.at} s (bound ${HEAP_BOUND_MB} MB)`,
    handleGrowth > HANDLE_BOUND && `handles grew by ${handleGrowth} since ${base.at} s (bound ${HANDLE_BOUND})`,
    !online && 'the connection was not online at the end',
  ].filter((f): f is string => typeof f === 'string');
  console.log(
    `since ${base.at} s: heap ${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)} MB, handles ${handleGrowth >= 0 ? '+' : ''}${handleGrowth}; ${created} sessions created, ${deleted} deleted; warnings: ${warnings.length ? warnings.join(' | ') : 'none'}`,
  );
  console.log(failures.length ? `FAIL: ${failures.join('; ')}` : 'PASS: heap and handles within the bounds');
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

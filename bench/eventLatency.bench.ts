// Server event → what the status bar and a tree row would show, at about 1 000 events/s. Measured in Node,
// not in a VS Code extension host: a real `opencode serve`, its real event stream, the extension's real
// ServerConnection and store, and the real presentation code (src/present: the tree row's label and
// description, the status bar's badge). Not measured: VS Code's own rendering of the tree and status bar.
// The load: scripted model turns in a few sessions, streaming long replies (a delta event every 40
// characters, plus the messages, parts, statuses and session totals of each turn). The probes: renames
// (PATCH /session/:id, each a `session.updated`) paced alongside. Every event on the stream is counted and
// its rate printed (the goal is about 1 000/s; the server decides what it manages). Two latencies per probe:
// from the event's bytes arriving on the stream (timed where the response body enters the SDK) to the text
// carrying the new title being computed — the extension's own share — and from sending the rename, which
// adds the server's handling and queueing.
import { DEFAULT_CONNECTION_OPTIONS } from '../src/client/connection/connectionState';
import { ServerConnection } from '../src/client/serverConnection';
import { sessionBadge } from '../src/present/format';
import { sessionRowText } from '../src/present/sessionRow';
import { sessionTitle } from '../src/present/sessionTitle';
import { startHarness } from '../test/harness/harness';
import { createManySessions } from '../test/harness/manySessions';
import { prompt } from '../test/harness/scenario';
import { text } from '../test/harness/scriptedModel';
import { percentile } from './stats';

const SESSIONS = 200;
const PROBES_PER_S = 100; // renames asked for per second
const IN_FLIGHT = 16; // renames outstanding at most (the driver must not queue without bound if the server is slower)
const TURNS_AT_ONCE = Number(process.env.OCS_BENCH_TURNS) || 3;
const REPLY = 'The quick brown fox jumps over the lazy dog. '.repeat(400); // ~18 000 characters: ~450 deltas

export interface EventLatencyResult {
  seconds: number;
  sent: number;
  seen: number;
  /** Every event on the stream, per second. */
  rate: number;
  row: { p50: number; p95: number };
  status: { p50: number; p95: number };
  endToEnd: { p50: number; p95: number };
}

/** Stamps when each rename's event reaches this process: the stream's body is timed before the SDK reads it. */
function stampArrivals(arrivedAt: Map<number, number>, counted: { events: number }): () => void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    const target = input instanceof Request ? input.url : String(input);
    if (!target.includes('/global/event') || !response.body) return response;
    const decoder = new TextDecoder();
    let carry = '';
    const stamp = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const now = performance.now();
        const text = carry + decoder.decode(chunk, { stream: true });
        for (const match of text.matchAll(/"title":"ev (\d+)"/g))
          if (!arrivedAt.has(Number(match[1]))) arrivedAt.set(Number(match[1]), now);
        counted.events += text.split('\ndata: ').length - 1 + (text.startsWith('data: ') ? 1 : 0);
        carry = text.slice(-32);
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(stamp), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return () => (globalThis.fetch = realFetch);
}

export async function benchEventLatency(seconds: number): Promise<EventLatencyResult> {
  const h = await startHarness();
  try {
    const folders = ['api', 'web', 'docs', 'infra'].map((name) => h.server.projectDir(name));
    const sessions = await createManySessions(h, SESSIONS, { directories: folders });
    const url = h.server.url;
    const arrivedAt = new Map<number, number>();
    const counted = { events: 0 };
    const restoreFetch = stampArrivals(arrivedAt, counted);
    const connection = new ServerConnection(
      { id: url, url, origin: 'configured' },
      () => Promise.resolve({ url }),
      { info() {}, warn() {}, error: (m) => console.error(m) },
      DEFAULT_CONNECTION_OPTIONS,
    );
    await new Promise<void>((resolve) => {
      connection.onDidChangeState.on((state) => state.kind === 'online' && resolve());
      connection.start();
    });
    const sentAt = new Map<number, number>();
    const rowMs: number[] = [];
    const statusMs: number[] = [];
    const endToEndMs: number[] = [];
    // What the tree (the changed rows) and the status bar (the active session: the one just changed) compute.
    connection.onDidChangeSessions.on((change) => {
      for (const id of change.changed) {
        const record = connection.sessions.get(id);
        if (!record) continue;
        const hasChildren = connection.sessions.childrenOf(id).length > 0;
        const inclusive = connection.sessions.inclusive(id);
        const row = sessionRowText(sessionTitle(record.info), record.own, inclusive, hasChildren);
        const seq = Number(/ev (\d+)$/.exec(row.label)?.[1]);
        const sent = sentAt.get(seq);
        const arrived = arrivedAt.get(seq);
        if (sent === undefined || arrived === undefined) continue;
        rowMs.push(performance.now() - arrived);
        const icon = record.requests.size ? '$(bell-dot)' : record.status.type === 'idle' ? '$(pulse)' : '$(loading~spin)';
        const text = `${icon} ${sessionBadge(record.own, inclusive, hasChildren)}`;
        if (text) statusMs.push(performance.now() - arrived);
        endToEndMs.push(performance.now() - sent);
        sentAt.delete(seq);
        arrivedAt.delete(seq);
      }
    });
    let seq = 0;
    let inFlight = 0;
    let stop = false;
    // The load: turns streamed back to back in their own sessions until the probes are done.
    const turns = Array.from({ length: TURNS_AT_ONCE }, async (_, k) => {
      while (!stop)
        await prompt(h, sessions[k].id, 'Stream', [text(REPLY, { prompt: 1000, completion: 4000 })], { directory: sessions[k].directory });
    });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let the load settle
    counted.events = 0;
    const started = performance.now();
    const rename = async (index: number) => {
      const s = sessions[index % sessions.length];
      const n = ++seq;
      inFlight += 1;
      sentAt.set(n, performance.now());
      try {
        await fetch(`${url}/session/${s.id}?directory=${encodeURIComponent(s.directory)}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: `ev ${n}` }),
        }).then((r) => r.arrayBuffer());
      } finally {
        inFlight -= 1;
      }
    };
    // Paced in 10 ms ticks: each tick sends what the schedule owes, as far as IN_FLIGHT allows.
    const pending: Promise<void>[] = [];
    while (performance.now() - started < seconds * 1000) {
      const owed = Math.floor(((performance.now() - started) / 1000) * PROBES_PER_S) - seq;
      for (let i = 0; i < owed && inFlight < IN_FLIGHT; i++) pending.push(rename(seq));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const elapsed = (performance.now() - started) / 1000;
    const events = counted.events;
    stop = true;
    await Promise.allSettled([...pending, ...turns]);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the last events
    connection.dispose();
    restoreFetch();
    const stats = (xs: number[]) => ({ p50: percentile(xs, 0.5), p95: percentile(xs, 0.95) });
    return {
      seconds: elapsed,
      sent: seq,
      seen: rowMs.length,
      rate: events / elapsed,
      row: stats(rowMs),
      status: stats(statusMs),
      endToEnd: stats(endToEndMs),
    };
  } finally {
    await h.dispose();
  }
}

export async function runEventLatencyBench(): Promise<EventLatencyResult> {
  const seconds = Number(process.env.OCS_BENCH_EVENT_SECONDS) || 10;
  console.log(
    `server event → text (Node: real opencode serve, event stream, ServerConnection, store and src/present; not VS Code's rendering), ${seconds} s`,
  );
  const r = await benchEventLatency(seconds);
  console.log(
    `  ${r.rate.toFixed(0)} events/s on the stream (${TURNS_AT_ONCE} streaming turns at once); ${r.seen} of ${r.sent} rename probes timed`,
  );
  console.log(`  event arrives → tree row text:   p50 ${r.row.p50.toFixed(2)} ms, p95 ${r.row.p95.toFixed(2)} ms`);
  console.log(`  event arrives → status-bar text: p50 ${r.status.p50.toFixed(2)} ms, p95 ${r.status.p95.toFixed(2)} ms`);
  console.log(
    `  rename sent → tree row text (server and queueing included): p50 ${r.endToEnd.p50.toFixed(0)} ms, p95 ${r.endToEnd.p95.toFixed(0)} ms`,
  );
  return r;
}

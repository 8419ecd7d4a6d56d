// CPU per live event: a real event stream replayed in a burst into the connection's stream path — V1Api's
// streamEvents (our SSE reader, JSON.parse, the V1 event reader) into SessionData.applyLive (the store) —
// against a floor of bare fetch + line split + JSON.parse of the same bytes, in one run, rounds alternating.
// Each round measures the floor and both connections in a rotating order (so no one of them always follows
// the large store's garbage); the ratio is the median of the rounds' own ratios, each of a floor and a
// connection measured side by side, so load that comes and goes hits both alike. No forced collection before
// a sample: code optimized for objects that then died is thrown away at a full collection, so each sample
// would re-warm the JIT (~+30% for the connection), which a connection that lives for hours does not do.
// The stream: recorded from a real `opencode serve` driven by the scripted model (sessions created, turns
// streaming replies), then repeated with new ids (each copy's ses_/msg_/prt_ ids suffixed) up to EVENTS.
// Served by a child process, so the CPU measured (process.cpuUsage) is the reader's alone. Then the same
// with 10 000 sessions in the store: the per-event cost must not grow with it.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { SessionData } from '../src/client/sessions/sessionData';
import { V1Api } from '../src/client/v1/api';
import type { SessionInfo } from '../src/store/events';
import { startHarness } from '../test/harness/harness';
import { createSession, prompt } from '../test/harness/scenario';
import { text } from '../test/harness/scriptedModel';
import { median } from './stats';

const EVENTS = 20_000;
const ROUNDS = 15;
/** Rounds run first and not counted: the JIT's warm-up. */
const WARM_UP = 2;
const STORE_SESSIONS = 10_000;
const REPLY = 'The quick brown fox jumps over the lazy dog. '.repeat(150); // ~6 750 characters: ~170 deltas a turn

/** The raw `/global/event` text of a few real turns, from a real server. */
async function record(): Promise<{ frames: string[] }> {
  const h = await startHarness();
  try {
    const abort = new AbortController();
    const response = await fetch(`${h.server.url}/global/event`, { signal: abort.signal });
    const frames: string[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let carry = '';
      const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done || !value) return;
        carry += decoder.decode(value, { stream: true });
        const parts = carry.split('\n\n');
        carry = parts.pop()!;
        frames.push(...parts.filter((f) => f.startsWith('data: ')).map((f) => `${f}\n\n`));
      }
    })();
    for (let s = 0; s < 2; s++) {
      const session = await createSession(h, { title: `Recorded ${s}` });
      for (let turn = 0; turn < 3; turn++)
        await prompt(h, session.id, `Turn ${turn}`, [text(REPLY, { prompt: 1000 + turn, completion: 400 })]);
    }
    abort.abort();
    await reading;
    return { frames: frames.filter((f) => !f.includes('"server.heartbeat"') && !f.includes('"server.connected"')) };
  } finally {
    await h.dispose();
  }
}

/** The recorded frames repeated with new ids until `count` events. */
function replayed(frames: string[], count: number): string {
  const out: string[] = [];
  for (let copy = 0; out.length < count; copy++)
    for (const frame of frames) {
      if (out.length >= count) break;
      out.push(copy ? frame.replace(/\b(ses|msg|prt)_([A-Za-z0-9]+)/g, `$1_$2c${copy}`) : frame);
    }
  return out.join('');
}

/** A child process serving `file` as one SSE burst on /global/event (and the rest nothing). */
async function serve(file: string): Promise<{ url: string; stop(): void }> {
  const code = `
    const { createServer } = require('node:http');
    const body = require('node:fs').readFileSync(${JSON.stringify(file)});
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => process.send(server.address().port));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve(Number(m)));
    child.once('error', reject);
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** µs of this process's CPU per event. */
async function cpuPerEvent(events: number, run: () => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / events;
}

/**
 * The floor: fetch, decode, split lines, JSON.parse each data line. It decodes as cheaply as the connection does
 * (Node's StringDecoder, not TextDecoder's slower stream mode), so a cheaper decoder cannot pass for a nearer floor.
 */
async function floor(url: string): Promise<number> {
  let parsed = 0;
  const response = await fetch(`${url}/global/event`);
  const decoder = new StringDecoder('utf8');
  let carry = '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const lines = (carry + decoder.write(value)).split('\n');
    carry = lines.pop()!;
    for (const line of lines) if (line.startsWith('data: ')) parsed += JSON.parse(line.slice(6)) ? 1 : 0;
  }
  return parsed;
}

/** The connection's stream path into a store holding `sessions` (loaded before the measured run). */
function connection(url: string, sessions: readonly SessionInfo[], tally: { applied: number; malformed: number }): () => Promise<void> {
  const api = new V1Api({ url });
  const data = new SessionData(() => api);
  data.loadSnapshot(sessions, {}, []);
  return () =>
    api.streamEvents(
      { stallMs: 60_000, signal: new AbortController().signal },
      {
        onItem: () => undefined,
        onEvent: (event) => {
          tally.applied += 1;
          data.applyLive(event);
        },
        malformed: () => void (tally.malformed += 1),
      },
    );
}

function storeSessions(count: number): SessionInfo[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `ses_bench${String(i).padStart(6, '0')}`,
    title: `Session ${i}`,
    directory: '/w',
    cost: 0.01,
    tokens: { input: 100, output: 10, reasoning: 0, cache: { read: 0, write: 0 } },
    time: { created: 1, updated: 2 },
  }));
}

export async function runEventCpuBench(): Promise<void> {
  const { frames } = await record();
  const file = join(tmpdir(), `ocs-eventcpu-${process.pid}.sse`);
  writeFileSync(file, replayed(frames, EVENTS));
  const server = await serve(file);
  try {
    const big = storeSessions(STORE_SESSIONS);
    const floors: number[] = [];
    const small: number[] = [];
    const large: number[] = [];
    const tally = { applied: 0, malformed: 0 };
    const subjects = [
      () => cpuPerEvent(EVENTS, () => floor(server.url).then(() => undefined)),
      () => {
        tally.applied = tally.malformed = 0;
        return cpuPerEvent(EVENTS, connection(server.url, [], tally));
      },
      () => cpuPerEvent(EVENTS, connection(server.url, big, { applied: 0, malformed: 0 })),
    ];
    for (let round = 0; round < WARM_UP + ROUNDS; round++) {
      const sample: number[] = [];
      // Floor, empty, large; then empty, large, floor; then large, floor, empty; …
      for (let i = 0; i < subjects.length; i++) {
        const which = (round + i) % subjects.length;
        sample[which] = await subjects[which]();
      }
      if (round < WARM_UP) continue;
      floors.push(sample[0]);
      small.push(sample[1]);
      large.push(sample[2]);
    }
    const [f, s, l] = [median(floors), median(small), median(large)];
    const ratios = small.map((x, i) => x / floors[i]);
    const ratio = median(ratios);
    const largeRatio = median(large.map((x, i) => x / small[i]));
    console.log(
      `event CPU: ${EVENTS} events (${frames.length} recorded from a real opencode serve, repeated with new ids), one burst, medians of ${ROUNDS} rounds`,
    );
    console.log(`  floor (fetch + line split + JSON.parse):          ${f.toFixed(2)} µs/event`);
    console.log(
      `  connection (SSE reader, V1 events, store), empty:  ${s.toFixed(2)} µs/event (${tally.applied} store events, ${tally.malformed} malformed)`,
    );
    console.log(`  connection, ${STORE_SESSIONS} sessions in the store:     ${l.toFixed(2)} µs/event`);
    console.log(
      `  ratio connection/floor: ×${ratio.toFixed(2)} (goal ≤ ×1.2; rounds ×${Math.min(...ratios).toFixed(2)}–×${Math.max(...ratios).toFixed(2)}); ${STORE_SESSIONS} sessions/empty: ×${largeRatio.toFixed(2)}`,
    );
  } finally {
    server.stop();
  }
}

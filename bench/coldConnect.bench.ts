// Cold connect to a real `opencode serve` holding 10 000 sessions over a handful of project folders: the
// extension's real ServerConnection from start() to "online" with every session in its store, against the
// floor = raw paged `fetch` + `JSON.parse` of the same sessions through the same route, 1 000 a page.
// Rounds alternate floor / extension so load from other processes hits both alike; medians are compared.
// OCS_BENCH_SESSIONS changes the count; OCS_BENCH_HOME keeps the server's data in that folder between runs.
import { existsSync } from 'node:fs';
import { DEFAULT_CONNECTION_OPTIONS } from '../src/client/connection/connectionState';
import type { Logger } from '../src/base/logger';
import { ServerConnection } from '../src/client/serverConnection';
import { startHarness, type RunningHarness } from '../test/harness/harness';
import { createManySessions } from '../test/harness/manySessions';
import { median } from './stats';

// v1/sessions.ts's page size. The extension asks for a first page of 100 (shown while the rest loads): the floor
// does not, so that round trip is counted as the extension's cost.
const PAGE = 1000;
export const FOLDERS = ['api', 'web', 'mobile', 'infra', 'docs', 'tools'];

export interface ColdConnectResult {
  sessions: number;
  floorMs: number;
  extensionMs: number;
  ratio: number;
}

/** The floor: every page of `/experimental/session`, fetched and parsed, nothing else. */
export async function floor(url: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  for (;;) {
    const query = new URLSearchParams({ limit: String(PAGE), archived: 'false' });
    if (cursor) query.set('cursor', cursor);
    const response = await fetch(`${url}/experimental/session?${query.toString()}`);
    const page = JSON.parse(await response.text()) as unknown[];
    count += page.length;
    const next = response.headers.get('x-next-cursor');
    if (!page.length || !next || next === cursor) return count;
    cursor = next;
  }
}

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: (m) => console.error(m) };

/** The extension: a fresh ServerConnection until it is online with every session in its store. */
async function extension(url: string, expected: number): Promise<void> {
  const connection = new ServerConnection(
    { id: url, url, origin: 'configured' },
    () => Promise.resolve({ url }),
    quiet,
    DEFAULT_CONNECTION_OPTIONS,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      connection.onDidChangeState.on((state) => {
        if (state.kind === 'online') resolve();
        else if (state.kind !== 'connecting') reject(new Error(`connection ${state.kind}: ${state.reason}`));
      });
      connection.start();
    });
    if (connection.sessions.size !== expected) throw new Error(`online with ${connection.sessions.size} of ${expected} sessions`);
  } finally {
    connection.dispose();
  }
}

/** A real server holding at least `count` sessions over FOLDERS (kept in OCS_BENCH_HOME when set). */
export async function filled(count: number, home = process.env.OCS_BENCH_HOME): Promise<RunningHarness> {
  const h = await startHarness(home ? { home } : {});
  const existing = home && existsSync(home) ? await floor(h.server.url) : 0;
  if (existing < count) {
    const directories = FOLDERS.map((name) => h.server.projectDir(name));
    const started = performance.now();
    await createManySessions(h, count - existing, { directories, concurrency: 16 });
    console.log(
      `  (created ${count - existing} sessions over ${FOLDERS.length} folders in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    // Connect to a server that holds them, as users do, not to one still busy from writing them.
    await h.server.stop();
    await h.server.start();
  }
  if (!home) return h;
  // A kept home outlives the run: stop the processes, leave the data.
  return {
    ...h,
    dispose: async () => {
      await h.server.stop();
      await h.model.stop();
    },
  };
}

export async function benchColdConnect(count: number, rounds: number): Promise<ColdConnectResult> {
  const h = await filled(count);
  try {
    const url = h.server.url;
    const sessions = await floor(url);
    // Warm up both paths (JIT, the server's caches, the HTTP agent) before measuring.
    await extension(url, sessions);
    const floors: number[] = [];
    const extensions: number[] = [];
    for (let round = 0; round < rounds; round++) {
      let t = performance.now();
      await floor(url);
      floors.push(performance.now() - t);
      t = performance.now();
      await extension(url, sessions);
      extensions.push(performance.now() - t);
    }
    if (process.env.OCS_BENCH_VERBOSE)
      console.log(
        `  rounds: floor ${floors.map((t) => t.toFixed(0)).join(' ')} · extension ${extensions.map((t) => t.toFixed(0)).join(' ')}`,
      );
    const floorMs = median(floors);
    const extensionMs = median(extensions);
    return { sessions, floorMs, extensionMs, ratio: extensionMs / floorMs };
  } finally {
    await h.dispose();
  }
}

export async function runColdConnectBench(): Promise<ColdConnectResult> {
  const count = Number(process.env.OCS_BENCH_SESSIONS) || 10_000;
  const rounds = Number(process.env.OCS_BENCH_ROUNDS) || 21;
  console.log(`cold connect (real opencode serve, ${count} sessions, ${rounds} alternating rounds, medians)`);
  const r = await benchColdConnect(count, rounds);
  console.log(`  floor (paged fetch + JSON.parse): ${r.floorMs.toFixed(0)} ms`);
  console.log(`  extension (start() → online, ${r.sessions} sessions in the store): ${r.extensionMs.toFixed(0)} ms`);
  console.log(`  ratio extension/floor: ×${r.ratio.toFixed(2)} (goal ≤ 1.20)`);
  return r;
}

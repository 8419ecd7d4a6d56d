// Content search on a real `opencode serve` holding 2 000 sessions and 200 000 parts (bench/searchCorpus.ts):
// - build: the ServerIndexer reading every session into its index (texts and index saved to disk by its engine's
//   worker thread, no pacing) against the floor of the same reads (fetch + JSON.parse of every session's message
//   pages, as many at once), rounds alternating, medians: the extension host's main thread (its CPU where Node can
//   tell, process.threadCpuUsage ≥ 23.9, else its event loop's busy time; goal ≤ ×0.2: the host should hardly work) and its longest stall
//   (monitorEventLoopDelay, goal ≤ 20 ms), and every thread counted (process CPU; goal ≤ ×2.0);
// - size: the index's heap (after a collection) and its files against the parts' text bytes (goals ≤ ×1.0, ≤ ×0.6);
// - three windows on that saved index, each its own process (searchWindows.ts): the first opens it and serves it, a
//   second and a third follow it: the time until their first search answers (goal ≤ 2 s), their CPU until then and
//   for the queries below against the build's (goal ≤ 10 %), the memory all three grew by for search against the
//   first's (goal ≤ ×1.5), and the same hits for the same queries in every window (else it throws);
// - query p95 over words drawn from the same text, at that size (goal ≤ 30 ms) and with the index filled to its default
//   cap (goal ≤ ×2 of the same goal), for whole words and for the same queries with the last word cut to its
//   beginning (as typed so far; same goals); and what the words by their beginnings (vocabulary.ts) hold in memory;
// - one live part: a finished tool call indexed (goal ≤ 1 ms);
// - a 5 000-step transcript: its first screen (the newest page read and rendered, goal ≤ 300 ms);
// - Enter on a match in it (a prompt in its oldest page): the match on screen from what the index holds (the query
//   and the part rendered alone, goal ≤ 300 ms), then the whole after one walk of its pages, rendered once.
// OCS_BENCH_SEARCH_SESSIONS / OCS_BENCH_SEARCH_PARTS / OCS_BENCH_SEARCH_ROUNDS set the size and rounds.
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ServerConnection } from '../src/client/serverConnection';
import { matchedOf } from '../src/features/search/common/entries';
import { ContentIndex, type SessionMeta } from '../src/features/search/common/contentIndex';
import { loadIndexFile } from '../src/features/search/node/indexFile';
import { DEFAULT_MAX_INDEX_MB } from '../src/features/search/common/searchLimits';
import { ServerIndexer } from '../src/features/search/node/serverIndexer';
import { Vocabulary, type Slots } from '../src/features/search/common/vocabulary';
import { MemoryTexts } from '../src/features/search/common/textStore';
import { renderMatchedPart } from '../src/features/transcripts/matchedPart';
import { renderTranscript, TranscriptRender } from '../src/features/transcripts/transcriptMarkdown';
import { TranscriptMessages } from '../src/features/transcripts/transcriptMessages';
import type { TranscriptMessage } from '../src/store/transcript';
import { importedSession } from '../test/harness/importedSession';
import { beginnings, Cutter, fillIndex, filledServer, queries, readCorpus } from './searchCorpus';
import { runSearchWindows } from './searchWindows';
import { online, readRaw } from './serverReads';
import { median, percentile } from './stats';
import { engineScript } from '../test/harness/paths';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** This thread's CPU ms where Node tells it (≥ 23.9), else its event loop's busy ms (the same on a busy thread). */
const threadCpu = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
const mainMs = threadCpu
  ? () => {
      const u = threadCpu();
      return (u.user + u.system) / 1000;
    }
  : () => performance.eventLoopUtilization().active;
const mainMeasure = threadCpu ? 'CPU' : 'event loop busy time';

/**
 * The longest the main thread's event loop was held while `work` ran, ms; and, on Linux (the thread's schedstat,
 * read at each 5 ms tick), how much of the longest held stretch the thread ran on a core and how much it waited for
 * one (a loaded machine's share, not the code's), and the longest any held stretch ran on a core (the code's own).
 */
async function longestStall<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number; split?: StallSplit }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const split = schedSplit();
  try {
    const value = await work();
    return { value, stallMs: delay.max / 1e6, split: split?.stop() };
  } finally {
    delay.disable();
    split?.stop();
  }
}

interface StallSplit {
  /** The longest stretch between two ticks: its length, and the thread's time on a core and waiting for one. */
  longestMs: number;
  onCoreMs: number;
  waitingMs: number;
  /** The most any stretch ran on a core. */
  mostOnCoreMs: number;
}

function schedSplit(): { stop: () => StallSplit } | undefined {
  let fd: number;
  try {
    fd = openSync('/proc/thread-self/schedstat', 'r');
  } catch {
    return undefined;
  }
  const buffer = Buffer.alloc(128);
  const read = () => {
    const [run, wait] = buffer
      .toString('latin1', 0, readSync(fd, buffer, 0, buffer.length, 0))
      .split(' ')
      .map(Number);
    return { run: run / 1e6, wait: wait / 1e6, at: performance.now() };
  };
  const found: StallSplit = { longestMs: 0, onCoreMs: 0, waitingMs: 0, mostOnCoreMs: 0 };
  let last = read();
  const timer = setInterval(() => {
    const now = read();
    const held = now.at - last.at - 5;
    if (held > found.longestMs) Object.assign(found, { longestMs: held, onCoreMs: now.run - last.run, waitingMs: now.wait - last.wait });
    if (held > 0) found.mostOnCoreMs = Math.max(found.mostOnCoreMs, now.run - last.run);
    last = now;
  }, 5);
  let stopped = false;
  return {
    stop: () => {
      if (!stopped) {
        stopped = true;
        clearInterval(timer);
        closeSync(fd);
      }
      return found;
    },
  };
}

/** CPU ms a process and its descendants have used (Linux /proc), e.g. the server's while it serves the reads. */
function treeCpuMs(root: number | undefined): number {
  if (root === undefined) return NaN;
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const fields = readFileSync(`/proc/${name}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      stats.set(Number(name), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = new Set([root]);
  for (let grown = true; grown;) {
    grown = false;
    for (const [pid, stat] of stats)
      if (!tree.has(pid) && tree.has(stat.parent)) {
        tree.add(pid);
        grown = true;
      }
  }
  let ticks = 0;
  for (const pid of tree) ticks += stats.get(pid)?.ticks ?? 0;
  return (ticks * 1000) / 100; // USER_HZ
}

/** Every session's pages, `concurrency` sessions at once: fetch + JSON.parse, nothing else. */
async function floor(url: string, targets: ReadonlyArray<{ id: string; directory: string }>, concurrency: number): Promise<number> {
  let next = 0;
  let bytes = 0;
  const read = async (target: { id: string; directory: string }) => {
    const { chars } = await readRaw(url, target);
    bytes += chars;
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < targets.length) await read(targets[next++]);
    }),
  );
  return bytes;
}

async function build(connection: ServerConnection, folder: string): Promise<ServerIndexer> {
  const indexer = new ServerIndexer(connection, { folder, engineScript: engineScript(), maxBytes: () => Number.MAX_SAFE_INTEGER, pace: 0 });
  await indexer.ready();
  await indexer.sync();
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (indexer.progress().running) return;
      clearInterval(check);
      resolve();
    }, 5);
  });
  await indexer.save();
  return indexer;
}

function folderBytes(folder: string): number {
  let bytes = 0;
  for (const name of readdirSync(folder, { recursive: true }) as string[]) {
    const stat = statSync(join(folder, name));
    if (stat.isFile()) bytes += stat.size;
  }
  return bytes;
}

async function queryP95(
  index: { search(query: { text: string }): Promise<unknown> },
  list: readonly string[],
): Promise<{ p50: number; p95: number }> {
  for (const q of list.slice(0, 20)) await index.search({ text: q });
  const times: number[] = [];
  for (const q of list) {
    const t = performance.now();
    await index.search({ text: q });
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

export async function runContentSearchBench(): Promise<void> {
  const sessions = Number(process.env.OCS_BENCH_SEARCH_SESSIONS) || 2_000;
  const parts = Number(process.env.OCS_BENCH_SEARCH_PARTS) || 200_000;
  const rounds = Number(process.env.OCS_BENCH_SEARCH_ROUNDS) || 5;
  console.log(`content search (real opencode serve, ${sessions} sessions, ${parts} parts, ${rounds} alternating rounds, medians)`);
  const started = performance.now();
  const h = await filledServer(sessions, parts);
  console.log(
    `  (filled in ${((performance.now() - started) / 1000).toFixed(1)} s: ${(h.textBytes / 1e6).toFixed(1)} MB of text in the parts)`,
  );
  const folders: string[] = [];
  try {
    const connection = await online(h.server.url);
    const targets = [...connection.sessions.all()].map((r) => ({ id: r.info.id, directory: r.info.directory }));
    if (targets.length < sessions) throw new Error(`online with ${targets.length} of ${sessions} sessions`);
    const floors: number[] = [];
    const products: number[] = [];
    const serverFloors: number[] = [];
    const serverProducts: number[] = [];
    const wallFloors: number[] = [];
    const wallProducts: number[] = [];
    const mainFloors: number[] = [];
    const mainProducts: number[] = [];
    const stallFloors: number[] = [];
    const stallProducts: number[] = [];
    const splits: Array<{ floor?: StallSplit; product?: StallSplit }> = [];
    let served = 0;
    let indexer: ServerIndexer | undefined;
    await floor(h.server.url, targets.slice(0, 100), 2);
    const server = () => treeCpuMs(h.server.pid);
    for (let round = 0; round < rounds; round++) {
      // Each phase starts from a collected heap: neither pays for the other's garbage.
      gc();
      let t = cpuMs();
      let s = server();
      let w = performance.now();
      let m = mainMs();
      const read = await longestStall(() => floor(h.server.url, targets, 2));
      served = read.value;
      mainFloors.push(mainMs() - m);
      stallFloors.push(read.stallMs);
      const floorSplit = read.split;
      floors.push(cpuMs() - t);
      serverFloors.push(server() - s);
      wallFloors.push(performance.now() - w);
      if (indexer) await indexer.dispose();
      const folder = mkdtempSync(join(tmpdir(), 'ocs-search-bench-'));
      folders.push(folder);
      gc();
      t = cpuMs();
      s = server();
      w = performance.now();
      m = mainMs();
      const built = await longestStall(() => build(connection, folder));
      indexer = built.value;
      mainProducts.push(mainMs() - m);
      stallProducts.push(built.stallMs);
      splits.push({ floor: floorSplit, product: built.split });
      products.push(cpuMs() - t);
      serverProducts.push(server() - s);
      wallProducts.push(performance.now() - w);
    }
    const index = indexer!.index;
    console.log(`  build CPU by round: floor ${floors.map(Math.round).join(', ')} ms; product ${products.map(Math.round).join(', ')} ms`);
    const floorMs = median(floors);
    const productMs = median(products);
    const stats = await indexer!.engine.stats();
    console.log(
      `  served ${(served / 1e6).toFixed(0)} MB of messages; indexed ${stats.documents} documents of ${(index.bytes / 1e6).toFixed(1)} MB of text`,
    );
    const mainFloor = median(mainFloors);
    const mainProduct = median(mainProducts);
    console.log(
      `  build on the host's main thread (${mainMeasure}): floor ${mainFloor.toFixed(0)} ms, product ${mainProduct.toFixed(0)} ms: ×${(mainProduct / mainFloor).toFixed(2)} (goal ≤ ×0.2); by round ${mainProducts.map(Math.round).join(', ')} ms`,
    );
    console.log(
      `  longest main-thread stall: floor ${median(stallFloors).toFixed(1)} ms, product ${median(stallProducts).toFixed(1)} ms (goal ≤ 20 ms); by round ${stallProducts.map((x) => x.toFixed(1)).join(', ')} ms`,
    );
    const said = (split?: StallSplit) =>
      split
        ? `${split.longestMs.toFixed(1)} ms held: ${split.onCoreMs.toFixed(1)} on a core, ${split.waitingMs.toFixed(1)} waiting for one; the most on a core in any held stretch ${split.mostOnCoreMs.toFixed(1)} ms`
        : 'not told (no schedstat)';
    for (const [round, split] of splits.entries())
      console.log(
        `    round ${round + 1}, the main thread's longest held stretch (5 ms ticks): floor ${said(split.floor)}; product ${said(split.product)}`,
      );
    console.log(
      `  build CPU in this process, every thread: floor (fetch + JSON.parse) ${floorMs.toFixed(0)} ms, product ${productMs.toFixed(0)} ms: ×${(productMs / floorMs).toFixed(2)} (goal ≤ ×2.0)`,
    );
    const wholeFloor = floorMs + median(serverFloors);
    const wholeProduct = productMs + median(serverProducts);
    console.log(
      `  build CPU with the server's serving the reads: floor ${wholeFloor.toFixed(0)} ms, product ${wholeProduct.toFixed(0)} ms: ×${(wholeProduct / wholeFloor).toFixed(2)}`,
    );
    console.log(
      `  build wall time: floor ${median(wallFloors).toFixed(0)} ms, product ${median(wallProducts).toFixed(0)} ms: ×${(median(wallProducts) / median(wallFloors)).toFixed(2)}`,
    );

    // Memory: the index alone, rebuilt from its saved file in a clean heap (its texts stay on disk).
    await indexer!.dispose();
    const lines: unknown[] = [];
    await loadIndexFile(
      folders.at(-1)!,
      () => true,
      (line) => lines.push(line) > 0,
    );
    gc();
    const before = process.memoryUsage().heapUsed;
    const loader = ContentIndex.loader(new MemoryTexts());
    for (const line of lines) loader.line(line);
    const restored = loader.finish();
    lines.length = 0;
    gc();
    const heap = process.memoryUsage().heapUsed - before;
    // The words by their beginnings within it: a second vocabulary of the same map.
    gc();
    const beforeWords = process.memoryUsage().heapUsed;
    const words = new Vocabulary((restored as unknown as { flex: { map: Map<unknown, Slots> } }).flex.map);
    words.catchUp();
    gc();
    const wordsHeap = process.memoryUsage().heapUsed - beforeWords;
    const disk = folderBytes(folders.at(-1)!);
    console.log(`  memory: ${(heap / 1e6).toFixed(1)} MB, ×${(heap / h.textBytes).toFixed(2)} of the parts' text (goal ≤ ×1.0)`);
    console.log(`    of which the words by their beginnings: ${(wordsHeap / 1e6).toFixed(1)} MB for ${words.size} terms`);
    console.log(`  disk: ${(disk / 1e6).toFixed(1)} MB, ×${(disk / h.textBytes).toFixed(2)} of the parts' text (goal ≤ ×0.6)`);
    void restored;

    const list = queries(300);
    const typed = beginnings(list);
    await runSearchWindows(h.server.url, folders.at(-1)!, list, [...list, ...typed], productMs);

    const disked = new ServerIndexer(connection, {
      folder: folders.at(-1)!,
      engineScript: engineScript(),
      maxBytes: () => Number.MAX_SAFE_INTEGER,
    });
    await disked.ready();
    const atSize = await queryP95(disked, list);
    console.log(`  query at ${parts} parts: p50 ${atSize.p50.toFixed(2)} ms, p95 ${atSize.p95.toFixed(2)} ms (goal ≤ 30 ms)`);
    const begunAtSize = await queryP95(disked, typed);
    console.log(
      `  query of word beginnings at ${parts} parts: p50 ${begunAtSize.p50.toFixed(2)} ms, p95 ${begunAtSize.p95.toFixed(2)} ms (goal ≤ 30 ms)`,
    );
    const cap = DEFAULT_MAX_INDEX_MB * 1024 * 1024;
    const engineFill = {
      addMessages: (meta: SessionMeta, messages: TranscriptMessage[]) => disked.addMessages(meta, messages),
      get bytes() {
        return disked.index.bytes;
      },
    };
    await fillIndex(engineFill, cap);
    const atCap = await queryP95(disked, list);
    console.log(
      `  query at the default cap (${DEFAULT_MAX_INDEX_MB} MB, ${(await disked.engine.stats()).documents} documents): p95 ${atCap.p95.toFixed(2)} ms, ×${(atCap.p95 / 30).toFixed(2)} of 30 ms (goal ≤ ×2)`,
    );
    const begunAtCap = await queryP95(disked, typed);
    console.log(
      `  query of word beginnings at the default cap: p95 ${begunAtCap.p95.toFixed(2)} ms, ×${(begunAtCap.p95 / 30).toFixed(2)} of 30 ms (goal ≤ ×2)`,
    );

    // One live part: a finished tool call in a new message of a known session.
    const live = new ContentIndex(new MemoryTexts());
    await fillIndex(live, 2 * 1024 * 1024);
    const cut = new Cutter(readCorpus());
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const output = cut.cut('code', 200, 3_000);
      const message = {
        id: `msg_live${i}`,
        sessionID: 'ses_live',
        role: 'assistant' as const,
        created: Date.now(),
        parts: [
          {
            kind: 'tool' as const,
            id: `prt_live${i}`,
            tool: 'bash',
            status: 'completed' as const,
            input: '{"command":"npm test"}',
            output,
          },
        ],
      };
      const t = performance.now();
      live.addMessages({ id: 'ses_live', title: 'Live', directory: '/w', updated: 1 }, [message]);
      times.push(performance.now() - t);
    }
    console.log(
      `  one live part indexed: median ${median(times).toFixed(3)} ms, p95 ${percentile(times, 0.95).toFixed(3)} ms (goal ≤ 1 ms)`,
    );
    await disked.dispose();

    // A 5 000-step transcript: its first screen is the newest page, read and rendered.
    const long = await importedSession(h, {
      steps: 5_000,
      title: 'Five thousand steps',
      prompt: (i) => (i === 10 ? 'Step 11: balance the quokka ledger' : `Step ${i + 1}, please`),
    });
    const firsts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const pages = connection.api.transcriptPages(long)[Symbol.asyncIterator]();
      const first = await pages.next();
      renderTranscript(
        { title: long.title, server: 'bench', directory: long.directory, sessionId: long.id },
        first.done ? [] : first.value,
        { earlier: 1 },
      );
      firsts.push(performance.now() - t);
      await pages.return?.();
    }
    console.log(`  5 000-step transcript, first screen: median ${median(firsts).toFixed(0)} ms (goal ≤ 300 ms)`);

    // Enter on a match in it: the index (filled beforehand, as the background indexer does) answers, the part shows.
    const longIndex = new ContentIndex(new MemoryTexts());
    const longHeader = { title: long.title, server: 'bench', directory: long.directory, sessionId: long.id };
    for await (const page of connection.api.transcriptPages(long))
      longIndex.addMessages({ id: long.id, title: long.title, directory: long.directory, updated: 1 }, page);
    const onScreen: number[] = [];
    const wholes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const [hit] = await longIndex.search({ text: 'quokka ledger' });
      const shown = renderMatchedPart(longHeader, matchedOf(hit.entry), { earlier: 1 });
      onScreen.push(performance.now() - t);
      if (!shown.text.includes('quokka')) throw new Error('the match is not shown');
      const messages = new TranscriptMessages();
      for await (const page of connection.api.transcriptPages(long)) messages.merge(page);
      const whole = await new TranscriptRender().update(longHeader, messages.all, {}, () => new Promise((r) => setImmediate(r)));
      wholes.push(performance.now() - t);
      if (!whole.lines.has(hit.entry.part)) throw new Error('the whole transcript lacks the match');
    }
    console.log(
      `  5 000-step transcript, Enter on a match: on screen from the index median ${median(onScreen).toFixed(1)} ms (goal ≤ 300 ms); the whole after one walk, rendered once, median ${median(wholes).toFixed(0)} ms`,
    );
    connection.dispose();
  } finally {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    await h.dispose();
  }
}

// One VS Code window's content search, as its own process (forked by searchWindows.ts, so its CPU and memory are its
// own): a connection brought online as the extension makes one, then a ServerIndexer on the index folder every
// window shares, timed from its start until its first search answers. The parent asks it, over IPC, to run the
// timed queries (their CPU and p95), for a digest of each compared query's hits without their scores, for its CPU so
// far, for its memory (RSS after a collection, against what it held before the indexer started), and to close.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EngineHit } from '../src/features/search/common/engine/protocol';
import { ServerIndexer } from '../src/features/search/node/serverIndexer';
import { engineScript } from '../test/harness/paths';
import { online } from './serverReads';
import { percentile } from './stats';

export type WindowAsk =
  | { ask: 'start'; url: string; folder: string; first: string }
  | { ask: 'queries'; timed: string[] }
  | { ask: 'compare'; compared: string[] }
  | { ask: 'cpu' }
  | { ask: 'memory' }
  | { ask: 'close' };

export interface WindowStarted {
  following: boolean;
  /** From the indexer's start until its first search answered, ms. */
  firstMs: number;
  /** This process's CPU over the same time, every thread, ms. */
  firstCpuMs: number;
  firstHits: number;
}

export interface WindowRan {
  p50: number;
  p95: number;
  /** This process's CPU for the timed queries, every thread, ms. */
  cpuMs: number;
}

export interface WindowCompared {
  /** Per compared query: a digest of its hits, scores left out (they weigh recency at the moment asked). */
  digests: string[];
  hits: number;
}

export interface WindowMemory {
  rssMb: number;
  heapMb: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const collect = gc;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const digest = (hits: EngineHit[]) =>
  createHash('sha256')
    .update(JSON.stringify(hits.map(({ score: _score, ...hit }) => hit)))
    .digest('hex');

let indexer: ServerIndexer | undefined;
let close: (() => void) | undefined;
let before = { rss: 0, heap: 0 };

/** A collection, a pause for V8 to hand freed pages back, another: RSS as steady as it gets. */
async function settle(): Promise<void> {
  collect();
  await new Promise((resolve) => setTimeout(resolve, 200));
  collect();
}

async function answer(message: WindowAsk): Promise<unknown> {
  switch (message.ask) {
    case 'start': {
      const connection = await online(message.url);
      close = () => connection.dispose();
      await settle();
      before = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed };
      const cpu = cpuMs();
      const started = performance.now();
      indexer = new ServerIndexer(connection, {
        folder: message.folder,
        engineScript: engineScript(),
        maxBytes: () => Number.MAX_SAFE_INTEGER,
      });
      await indexer.ready();
      const hits = await indexer.search({ text: message.first });
      const result: WindowStarted = {
        following: indexer.following,
        firstMs: performance.now() - started,
        firstCpuMs: cpuMs() - cpu,
        firstHits: hits.length,
      };
      // As a window does once its connection is online: the owner reads what moved since it was saved (nothing here).
      void indexer.sync();
      return result;
    }
    case 'queries': {
      const own = indexer!;
      for (const q of message.timed.slice(0, 20)) await own.search({ text: q });
      const times: number[] = [];
      const cpu = cpuMs();
      for (const q of message.timed) {
        const t = performance.now();
        await own.search({ text: q });
        times.push(performance.now() - t);
      }
      const result: WindowRan = { p50: percentile(times, 0.5), p95: percentile(times, 0.95), cpuMs: cpuMs() - cpu };
      return result;
    }
    case 'compare': {
      const result: WindowCompared = { digests: [], hits: 0 };
      for (const q of message.compared) {
        const found = await indexer!.search({ text: q });
        result.hits += found.length;
        result.digests.push(digest(found));
      }
      return result;
    }
    case 'cpu':
      return cpuMs();
    case 'memory': {
      await settle();
      const now = process.memoryUsage();
      const result: WindowMemory = { rssMb: (now.rss - before.rss) / 1e6, heapMb: (now.heapUsed - before.heap) / 1e6 };
      return result;
    }
    case 'close':
      await indexer?.dispose();
      close?.();
      return true;
  }
}

process.on('message', (message: WindowAsk) => {
  answer(message).then(
    (value) => process.send!({ value }, () => message.ask === 'close' && process.exit(0)),
    (err: unknown) => process.send!({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});

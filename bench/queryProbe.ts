// Diagnostic (not a benchmark): what a content-search query's slow 5 % do. An index of the bench's texts on disk
// (DiskTexts, as the engine keeps them), filled to OCS_PROBE_MB (default 88 MB), asked the bench's queries in this
// thread; per query its time, the documents it read, the chunks it read from disk (cold) and their inflated size.
// `node --enable-source-maps out/bench/queryProbe.js`; OCS_PROBE_PROFILE=file.cpuprofile profiles the queries alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ContentIndex } from '../src/features/search/common/contentIndex';
import { DiskTexts } from '../src/features/search/node/diskTexts';
import { beginnings, fillIndex, queries } from './searchCorpus';
import { percentile } from './stats';

interface Counted {
  docs: number;
  cold: number;
  coldChars: number;
  /** Cold reads of a chunk read before (the cache let it go), against first reads. */
  again: number;
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'ocs-query-probe-'));
  try {
    const texts = await DiskTexts.open(folder);
    const index = new ContentIndex(texts);
    const filled = performance.now();
    await fillIndex(index, (Number(process.env.OCS_PROBE_MB) || 88) * 1e6);
    await texts.flush();
    // As the bench's window opens the saved index: nothing of the texts in memory.
    const cache = texts as unknown as { cache: Map<string, unknown>; cached: number };
    cache.cache.clear();
    cache.cached = 0;
    console.log(`filled ${(index.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - filled) / 1000).toFixed(1)} s`);
    const counted: Counted = { docs: 0, cold: 0, coldChars: 0, again: 0 };
    const seen = new Map<string, number>();
    const store = texts as unknown as {
      readAsync: (...a: unknown[]) => Promise<unknown>;
      load: (key: string) => Array<{ text: string }> | undefined;
    };
    const readAsync = store.readAsync.bind(texts);
    store.readAsync = (...a) => {
      counted.docs++;
      return readAsync(...a);
    };
    const load = store.load.bind(texts);
    store.load = (key) => {
      counted.cold++;
      if (seen.has(key)) counted.again++;
      const chunk = load(key);
      let chars = 0;
      for (const entry of chunk ?? []) chars += entry?.text.length ?? 0;
      counted.coldChars += chars;
      seen.set(key, chars);
      return chunk;
    };
    const profile = process.env.OCS_PROBE_PROFILE;
    const inspector = new Session();
    if (profile) {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    }
    const list = queries(300);
    for (const [name, asked] of [
      ['whole words', list],
      ['word beginnings', beginnings(list)],
    ] as const) {
      for (const q of asked.slice(0, 20)) await index.search({ text: q });
      const rows: Array<Counted & { q: string; ms: number; cpu: number; hits: number }> = [];
      for (const q of asked) {
        Object.assign(counted, { docs: 0, cold: 0, coldChars: 0, again: 0 });
        const t = performance.now();
        const c = process.cpuUsage();
        const hits = await index.search({ text: q });
        const used = process.cpuUsage(c);
        rows.push({ q, ms: performance.now() - t, cpu: (used.user + used.system) / 1000, hits: hits.length, ...counted });
      }
      const times = rows.map((r) => r.ms);
      const p95 = percentile(times, 0.95);
      const mean = (of: typeof rows, key: 'docs' | 'cold' | 'coldChars' | 'again') =>
        (of.reduce((s, r) => s + r[key], 0) / of.length).toFixed(1);
      const slow = rows.filter((r) => r.ms >= p95);
      const rest = rows.filter((r) => r.ms < p95);
      const cpus = rows.map((r) => r.cpu);
      console.log(
        `${name}: p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms; CPU (every thread) p50 ${percentile(cpus, 0.5).toFixed(1)} ms, p95 ${percentile(cpus, 0.95).toFixed(1)} ms, all ${cpus.reduce((a, b) => a + b, 0).toFixed(0)} ms`,
      );
      console.log(
        `  slowest 5 %: docs ${mean(slow, 'docs')}, cold chunks ${mean(slow, 'cold')} (read before ${mean(slow, 'again')}), cold chars ${mean(slow, 'coldChars')}; the rest: docs ${mean(rest, 'docs')}, cold chunks ${mean(rest, 'cold')} (read before ${mean(rest, 'again')}), cold chars ${mean(rest, 'coldChars')}`,
      );
      for (const r of slow.sort((a, b) => b.ms - a.ms).slice(0, 8))
        console.log(
          `    ${r.ms.toFixed(1)} ms ${JSON.stringify(r.q)}: ${r.hits} hits, ${r.docs} docs, ${r.cold} cold chunks (${r.coldChars} chars)`,
        );
    }
    console.log(`chunks read: ${seen.size}, ${([...seen.values()].reduce((a, b) => a + b, 0) / 1e6).toFixed(1)} M characters`);
    if (profile) writeFileSync(profile, JSON.stringify((await inspector.post('Profiler.stop')).profile));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

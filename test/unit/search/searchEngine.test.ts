// The search engine in its worker thread (out/search-engine.js, as the extension starts dist/search-engine.js):
// what the host sends (slimmed pages) makes the entries whole messages make, a page indexed there is found with
// everything the search pick needs as plain data, a dispose saves before the worker stops and a new engine loads
// it; a worker that dies is started once more on the saved index, a second death turns search off with a reason,
// and no request is left hanging or unhandled.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { serialize } from 'node:v8';
import { entriesOf, EntryKind } from '../../../src/features/search/entries';
import { EngineClient, EngineStoppedError } from '../../../src/features/search/engine/engineClient';
import { slimPage, type OpenResult } from '../../../src/features/search/engine/protocol';
import type { SessionMeta } from '../../../src/features/search/contentIndex';
import type { TranscriptMessage, TranscriptPart } from '../../../src/store/transcript';
import { repoRoot } from '../../harness/paths';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { ServerIndexer } from '../../../src/features/search/serverIndexer';
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
const tool = (output: string): TranscriptPart => ({
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
    assert.deepEqual(
      slim.map((m) => entriesOf(m)),
      page.map((m) => entriesOf(m)),
    );
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

  test('a worker that dies is started again on the saved index, and the owner is told', async () => {
    const folder = join(root, 'restart');
    const seed = new EngineClient({ script: SCRIPT });
    await seed.open(folder);
    await seed.addPage(meta('ses_c'), [message('user', [text('the echidna is spiny')])]);
    await seed.dispose({ version: 3 });
    // Dies at its first request, then (started again) is the real engine.
    const marker = join(root, 'died-once');
    const script = join(root, 'dies-once.js');
    writeFileSync(
      script,
      `const fs = require('node:fs');
       if (fs.existsSync(${JSON.stringify(marker)})) require(${JSON.stringify(SCRIPT)});
       else require('node:worker_threads').parentPort.on('message', () => { fs.writeFileSync(${JSON.stringify(marker)}, ''); throw new Error('boom'); });`,
    );
    const watch = logWatch();
    let restarted!: (opened: OpenResult) => void;
    const reopening = new Promise<OpenResult>((resolve) => (restarted = resolve));
    const engine = new EngineClient({ script, log: watch.log, onRestart: (opened) => restarted(opened) });
    try {
      await assert.rejects(engine.open(folder), (err: Error) => err instanceof EngineStoppedError && /boom/.test(err.message));
      const reopened = await reopening;
      assert.match(watch.lines.join('\n'), /worker stopped \(boom\); it is started again/);
      assert.equal(reopened.saved, 'loaded');
      assert.equal((await engine.search({ text: 'echidna' }))[0]?.session.id, 'ses_c');
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
});

// The content index on its own: words of code and of any script, what a message gives it, and what a query finds
// (best first, one hit per session, filters), what it drops for its cap, and a restart from its snapshot.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContentIndex, type SessionMeta } from '../../../src/features/search/common/contentIndex';
import { EntryKind } from '../../../src/features/search/common/entries';
import { distinctTerms as terms, queryTerms, TermSet } from '../../../src/features/search/common/terms';
import { collidingWords } from '../../scale/readers/searchShapes';
import { MemoryTexts, type TextStore } from '../../../src/features/search/common/textStore';
import type { TranscriptMessage, TranscriptPart } from '../../../src/store/transcript';

const meta = (id: string, extra: Partial<SessionMeta> = {}): SessionMeta => ({ id, title: id, directory: '/w', updated: 1, ...extra });

let n = 0;
function message(role: TranscriptMessage['role'], parts: TranscriptPart[], created = Date.now(), done = true): TranscriptMessage {
  return { id: `msg_${++n}`, sessionID: 's', role, created, ...(done && { completed: created + 1 }), parts };
}
const text = (t: string): TranscriptPart => ({ kind: 'text', id: `prt_${++n}`, text: t });
const tool = (name: string, input: unknown, output: string, status: 'completed' | 'running' = 'completed'): TranscriptPart => ({
  kind: 'tool',
  id: `prt_${++n}`,
  tool: name,
  status,
  input: JSON.stringify(input),
  output,
});

describe('terms', () => {
  test('code identifiers give their pieces: retryPolicy, retry_policy and "retry policy" share retry and policy', () => {
    assert.deepEqual(terms('retryPolicy'), ['retry', 'policy']);
    assert.deepEqual(terms('retry_policy'), ['retry', 'policy']);
    assert.deepEqual(terms('HTTPServer'), ['http', 'server']);
    assert.deepEqual(terms('__init__ v2Api API2Server'), ['init', 'v2', 'api', 'api2', 'server']);
    assert.deepEqual(queryTerms('retryPolicy'), ['retry', 'policy']);
    assert.deepEqual(queryTerms('retry_policy'), ['retry', 'policy']);
  });

  test('paths give their segments; long runs (hashes) are not words', () => {
    assert.deepEqual(terms('src/net/retry.ts'), ['src', 'net', 'retry', 'ts']);
    assert.deepEqual(terms('a'.repeat(60) + ' ok'), ['ok']);
    // A read file's zero-padded line numbers are no words; other numbers are.
    assert.deepEqual(terms('00042| port 4096 0'), ['port', '4096', '0']);
  });

  test('each term once, whatever its case, however many words a text holds', () => {
    assert.deepEqual(terms('Retry retry RETRY retryPolicy'), ['retry', 'policy']);
    const many = Array.from({ length: 5_000 }, (_, i) => `w${i}`);
    assert.deepEqual(terms([...many, ...many.map((w) => w.toUpperCase())].join(' ')), many);
    // The next text starts afresh.
    assert.deepEqual(terms('w1 w2'), ['w1', 'w2']);
  });

  test('the terms of words read in place equal a plain split of the same text', () => {
    const words = [
      'retryPolicy',
      'HTTP_Server',
      'naïveRetry',
      'Привет',
      'x',
      '007',
      '4096',
      'ok_',
      'A1b2C3',
      'ÉCOLE',
      'ПриветМир',
      'bbÉaba',
      'bbÉaba_x',
    ];
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 30 }, () => words[Math.floor(random() * words.length)]).join(random() < 0.5 ? ' ' : '/');
      const expected = new Set<string>();
      for (const word of text.match(/[\p{L}\p{N}\p{M}_]+/gu) ?? []) {
        if (/^0\d+$/.test(word)) continue;
        for (const piece of word.split(/_+|(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u))
          if (piece) expected.add(piece.toLowerCase());
      }
      assert.deepEqual(terms(text), [...expected], text);
    }
  });

  test('any script: Cyrillic words lower-cased, Han and kana as overlapping pairs', () => {
    assert.deepEqual(terms('Привет МИР'), ['привет', 'мир']);
    assert.deepEqual(terms('重试策略'), ['重试', '试策', '策略']);
    assert.deepEqual(terms('を変更'), ['を変', '変更']);
    assert.deepEqual(queryTerms('策略'), ['策略']);
    assert.deepEqual(terms('a 中 b'), ['a', '中', 'b'], 'a lone character as itself');
    assert.deepEqual(terms('𠀀𠀁中'), ['𠀀𠀁', '𠀁中'], 'characters beyond the BMP whole');
  });

  test("words that share one slot of the unseeded hash: each once, in order, whatever the seed (a run's words go to a Map)", () => {
    const words = collidingWords(3_000);
    const text = [...words, ...words.slice().reverse()].join(' ');
    // 0x811c9dc5 is FNV-1a's own offset: the words were made to share a slot under it.
    for (const seed of [0x811c9dc5 | 0, 1, -7]) assert.deepEqual(new TermSet(seed).of(text), words, `seed ${seed}`);
    assert.deepEqual(terms(text), words);
    // Growth re-places a table whose runs are long: nothing is lost or doubled.
    const table = new TermSet(0x811c9dc5 | 0);
    assert.deepEqual(table.of(words.slice(0, 10).join(' ')), words.slice(0, 10));
    assert.deepEqual(table.of(`${text} retryPolicy`), [...words, 'retry', 'policy']);
  });
});

describe('ContentIndex', () => {
  test('finds a phrase in a tool output, with its part, a snippet that marks the words, best match first', async () => {
    const index = new ContentIndex(new MemoryTexts());
    const older = Date.now() - 86_400_000;
    index.addMessages(meta('a'), [message('user', [text('change the retry policy')], older)]);
    const out = tool('bash', { command: 'echo tnahpele elprup | rev' }, 'a purple elephant walked by');
    index.addMessages(meta('b'), [message('assistant', [text('running it'), out])]);
    const hits = await index.search({ text: 'purple elephant' });
    assert.equal(hits.length, 1);
    assert.equal(hits[0].session.id, 'b');
    assert.equal(hits[0].entry.part, out.id);
    const [from, to] = hits[0].ranges[0];
    assert.equal(hits[0].snippet.slice(from, to), 'purple');
    // retryPolicy finds "retry policy" too, and the words need not be adjacent.
    assert.equal((await index.search({ text: 'retryPolicy' }))[0]?.session.id, 'a');
    assert.equal((await index.search({ text: 'policy retry' }))[0]?.session.id, 'a');
    assert.deepEqual(await index.search({ text: 'elephant policy' }), []);
  });

  test('filters: my prompts only, tools only, since, and a session filter', async () => {
    const index = new ContentIndex(new MemoryTexts());
    index.addMessages(meta('p', { directory: '/x' }), [message('user', [text('deploy the terraform plan')])]);
    index.addMessages(meta('t', { directory: '/y' }), [
      message('assistant', [tool('bash', { command: 'terraform apply' }, 'Apply complete')]),
    ]);
    const ids = async (kinds?: number, extra = {}) =>
      (await index.search({ text: 'terraform', kinds, ...extra })).map((h) => h.session.id).sort();
    assert.deepEqual(await ids(), ['p', 't']);
    assert.deepEqual(await ids(EntryKind.Prompt), ['p']);
    assert.deepEqual(await ids(EntryKind.Tool), ['t']);
    assert.deepEqual(await ids(undefined, { since: Date.now() + 60_000 }), []);
    assert.deepEqual(await ids(undefined, { session: (s: SessionMeta) => s.directory === '/y' }), ['t']);
  });

  test('a running tool is not indexed until it finishes, then once; a finished message is never read again', async () => {
    const index = new ContentIndex(new MemoryTexts());
    const running = tool('bash', { command: 'make' }, 'compiling quasar', 'running');
    const m = message('assistant', [running], Date.now(), false);
    assert.equal(index.addMessages(meta('s'), [m]), false);
    assert.equal((await index.search({ text: 'quasar' })).length, 0);
    const finished = { ...m, completed: Date.now(), parts: [{ ...running, status: 'completed' as const }, text('built')] };
    index.addMessages(meta('s'), [finished]);
    assert.equal((await index.search({ text: 'quasar' })).length, 1);
    assert.equal(index.documentCount, 1, 'the tool and the reply, once');
    assert.equal(index.addMessages(meta('s'), [finished]), true, 'known and done: an older page need not be read');
    assert.equal(index.documentCount, 1);
  });

  test('the cap drops the least recently active sessions first', async () => {
    const index = new ContentIndex(new MemoryTexts());
    for (let i = 0; i < 10; i++) index.addMessages(meta(`s${i}`), [message('user', [text(`word${i} ${'x'.repeat(1000)}`)], 1_000 + i)]);
    const dropped = index.enforceCap(5_000, (s) => s.latest);
    assert.ok(index.bytes <= 5_000);
    assert.equal(index.session('s0'), undefined);
    assert.ok(index.session('s9'));
    assert.equal(dropped !== undefined && dropped >= 1_004, true);
    assert.deepEqual(await index.search({ text: 'word0' }), []);
    assert.equal((await index.search({ text: 'word9' })).length, 1);
  });

  test('its saved lines restore the same answers, and what was done stays done', async () => {
    const texts = new MemoryTexts();
    const index = new ContentIndex(texts);
    const m = message('assistant', [tool('grep', { pattern: 'retryPolicy' }, 'src/net.ts: const retryPolicy = {}')]);
    index.addMessages(meta('s'), [m]);
    index.session('s')!.updated = 42;
    index.addMessages(meta('gone'), [message('user', [text('retry later')])]);
    index.drop('gone');
    const loader = ContentIndex.loader(texts);
    for (const line of index.savedLines()) if ((JSON.parse(line) as unknown[])[0] !== 'end') assert.ok(loader.line(JSON.parse(line)), line);
    const restored = loader.finish();
    assert.equal((await restored.search({ text: 'retry policy' }))[0]?.session.id, 's');
    assert.equal((await restored.search({ text: 'later' })).length, 0);
    assert.equal(restored.session('s')?.updated, 42);
    assert.equal(restored.addMessages(meta('s'), [m]), true);
    assert.equal(restored.documentCount, 1);
  });

  test('a word in more documents than a saved line holds is saved over several lines and read back whole', () => {
    const index = new ContentIndex(new MemoryTexts());
    const sessions = 21_000;
    for (let i = 0; i < sessions; i++) index.addMessages(meta(`s${i}`), [message('user', [text(`common word${i}`)])]);
    const loader = ContentIndex.loader(new MemoryTexts());
    let most = 0;
    for (const line of index.savedLines()) {
      const value = JSON.parse(line) as unknown[];
      if (value[0] === 'map') {
        let ids = 0;
        for (const [, slots] of value[1] as Array<[string, number[][]]>) for (const slot of slots) ids += slot?.length ?? 0;
        most = Math.max(most, ids);
      }
      if (value[0] !== 'end') assert.ok(loader.line(value), line.slice(0, 80));
    }
    assert.ok(most <= 20_000, `a line of ${most} document ids`);
    const restored = loader.finish();
    const flex = (i: ContentIndex) => (i as unknown as { flex: { search(q: string, o: object): number[] } }).flex;
    assert.equal(flex(restored).search('common', { limit: sessions + 10 }).length, sessions, 'every document of the word');
    assert.deepEqual(flex(restored).search('word20999', { limit: 10 }), flex(index).search('word20999', { limit: 10 }));
  });

  test('once dropped documents outnumber the live ones, a compaction rebuilds FlexSearch without them, same answers', async () => {
    const index = new ContentIndex(new MemoryTexts());
    for (let i = 0; i < 1_500; i++) index.addMessages(meta(`s${i}`), [message('user', [text(`zebra${i} common`)])]);
    for (let i = 0; i < 1_200; i++) index.drop(`s${i}`);
    assert.equal(index.needsCompaction(), true);
    await index.compact(() => Promise.resolve(), 1);
    assert.equal(index.needsCompaction(), false);
    assert.equal((await index.search({ text: 'zebra1300' }))[0]?.session.id, 's1300');
    assert.deepEqual(await index.search({ text: 'zebra5' }), []);
    const hits = await index.search({ text: 'common', limit: 50 });
    assert.equal(hits.length, 50);
    assert.ok(hits.every((h) => Number(h.session.id.slice(1)) >= 1_200));
  });

  test("a query reads its documents' texts several at a time, with the same answers as one at a time", async () => {
    // A store whose reads answer a turn later, counting how many are in flight at once.
    const memory = new MemoryTexts();
    let inFlight = 0;
    let most = 0;
    const slow: TextStore = {
      append: (id, first, entries) => memory.append(id, first, entries),
      read: (id, from, count) => memory.read(id, from, count),
      readAsync: async (id, from, count) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return memory.read(id, from, count);
      },
      drop: (id) => memory.drop(id),
      clear: () => memory.clear(),
      flush: () => Promise.resolve(),
    };
    const index = new ContentIndex(slow);
    const reference = new ContentIndex(new MemoryTexts());
    const now = Date.now();
    for (let i = 0; i < 40; i++) {
      const messages = [message('user', [text(`walrus number ${i} ${i % 3 ? 'tusk' : 'flipper'}`)], now - i * 60_000)];
      index.addMessages(meta(`s${i}`), messages);
      reference.addMessages(meta(`s${i}`), messages);
    }
    const summary = (hits: Awaited<ReturnType<ContentIndex['search']>>) =>
      hits.map((h) => [h.session.id, h.entry.text, h.snippet, h.ranges]);
    for (const q of ['walrus', 'walrus tusk', 'walr', 'number flip']) {
      most = 0;
      assert.deepEqual(summary(await index.search({ text: q, limit: 10 })), summary(await reference.search({ text: q, limit: 10 })), q);
      assert.ok(most > 1, `${q}: ${most} read at once`);
    }
    // A session dropped while its text is read answers nothing.
    const searching = index.search({ text: 'walrus', limit: 40 });
    index.drop('s1');
    assert.ok((await searching).every((h) => h.session.id !== 's1'));
  });

  test('a query reads no text past the documents that can still give it a result', async () => {
    // Each document is its own session: `limit` documents give the query all its results, and it reads no more
    // (reading ahead regardless, the bench's slowest queries read about 8 cold documents for nothing).
    const memory = new MemoryTexts();
    let reads = 0;
    const counting: TextStore = {
      append: (id, first, entries) => memory.append(id, first, entries),
      read: (id, from, count) => memory.read(id, from, count),
      readAsync: (id, from, count) => {
        reads++;
        return memory.readAsync(id, from, count);
      },
      drop: (id) => memory.drop(id),
      clear: () => memory.clear(),
      flush: () => Promise.resolve(),
    };
    const index = new ContentIndex(counting);
    const now = Date.now();
    for (let i = 0; i < 30; i++) index.addMessages(meta(`s${i}`), [message('user', [text(`narwhal ${i}`)], now - i * 60_000)]);
    for (const limit of [1, 3, 12]) {
      reads = 0;
      const hits = await index.search({ text: 'narwhal', limit });
      assert.deepEqual(
        hits.map((h) => h.session.id),
        Array.from({ length: limit }, (_, i) => `s${i}`),
      );
      assert.equal(reads, limit, `limit ${limit}`);
    }
    // Where a document gives no new result (a session's second), the next is read in its place.
    index.addMessages(meta('s0'), [message('user', [text('narwhal again')], now + 60_000)]);
    reads = 0;
    assert.deepEqual(
      (await index.search({ text: 'narwhal', limit: 2 })).map((h) => h.session.id),
      ['s0', 's1'],
    );
    assert.equal(reads, 3);
  });
});

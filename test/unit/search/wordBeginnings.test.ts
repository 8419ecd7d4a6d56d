// Search as people type: a query's last word, as far as it is typed, matches the words it begins (`addr` →
// `address`, `retryPol` → `retryPolicy`), whole words ranked first, the beginning marked in the snippet; below
// PREFIX_MIN characters only whole words match; the words by their beginnings come back with a saved index, outlive a
// compaction, and a beginning reaches at most MAX_EXPANSIONS words, the most used.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContentIndex, MAX_EXPANSIONS, type SessionMeta } from '../../../src/features/search/common/contentIndex';
import { endsTerm, expandable, PREFIX_MIN } from '../../../src/features/search/common/terms';
import { MemoryTexts } from '../../../src/features/search/common/textStore';
import { Vocabulary, type Slots } from '../../../src/features/search/common/vocabulary';
import type { TranscriptMessage } from '../../../src/store/transcript';

const meta = (id: string): SessionMeta => ({ id, title: id, directory: '/w', updated: 1 });
let n = 0;
const said = (words: string, created = Date.now()): TranscriptMessage => ({
  id: `msg_${++n}`,
  sessionID: 's',
  role: 'user',
  created,
  completed: created + 1,
  parts: [{ kind: 'text', id: `prt_${++n}`, text: words }],
});

function indexOf(sessions: Record<string, string>): ContentIndex {
  const index = new ContentIndex(new MemoryTexts());
  for (const [id, words] of Object.entries(sessions)) index.addMessages(meta(id), [said(words)]);
  return index;
}

const ids = async (index: ContentIndex, text: string) => (await index.search({ text })).map((h) => h.session.id);
const marked = (hit: { snippet: string; ranges: Array<[number, number]> }) =>
  hit.ranges.map(([a, b]) => hit.snippet.slice(a, b).toLowerCase());

describe('word beginnings', () => {
  test('the last word as typed so far finds the words it begins, and the snippet marks the beginning', async () => {
    const index = indexOf({ mail: 'send it to the address on file', jar: 'a cookie was set', other: 'nothing here' });
    assert.deepEqual(await ids(index, 'addr'), ['mail']);
    assert.deepEqual(await ids(index, 'cook'), ['jar']);
    assert.deepEqual(await ids(index, 'Cookie'), ['jar'], 'a whole word still');
    const [hit] = await index.search({ text: 'addr' });
    assert.deepEqual(marked(hit), ['addr']);
    // Only the last word is a beginning: the words before it were typed whole.
    assert.deepEqual(await ids(index, 'addr file'), []);
    assert.deepEqual(await ids(index, 'file addr'), ['mail']);
  });

  test("an identifier's last piece is a beginning too: retryPol reaches retryPolicy and retry_policy, not napoleon", async () => {
    const index = indexOf({
      code: 'const retryPolicy = backoff()',
      snake: 'set retry_policy to 3',
      prose: 'retry after napoleon',
      alone: 'a policy without the other word',
    });
    assert.deepEqual((await ids(index, 'retryPol')).sort(), ['code', 'snake']);
    assert.deepEqual((await ids(index, 'retry pol')).sort(), ['code', 'snake']);
    const hit = (await index.search({ text: 'retryPol' })).find((h) => h.session.id === 'code')!;
    assert.deepEqual(marked(hit), ['retry', 'pol']);
  });

  test('the snippet marks where the word matches, not the same letters inside another word', async () => {
    const index = indexOf({ id: 'the address is on ticket XqAdQ7', mid: 'a bad road' });
    const [whole] = await index.search({ text: 'ad' });
    assert.deepEqual(marked(whole), ['ad'], whole.snippet);
    assert.equal(whole.snippet.slice(...whole.ranges[0]), 'Ad', 'the whole word in the id, not the "ad" of address');
    const [begun] = await index.search({ text: 'tick' });
    assert.deepEqual(marked(begun), ['tick']);
    const plain = indexOf({ said: 'I said ad then XqAdQ7', both: 'the address, fooAddress here', jar: 'cookie jar; the Jar said' });
    const marks = async (text: string, id: string) => marked((await plain.search({ text })).find((h) => h.session.id === id)!);
    assert.deepEqual(await marks('ad', 'said'), ['ad', 'ad'], 'a plain word after a space, and the id');
    assert.deepEqual(await marks('addr', 'both'), ['addr', 'addr']);
    assert.deepEqual(await marks('cookie jar', 'jar'), ['cookie', 'jar', 'jar']);
    // The same letters early inside a word, the whole word far past the snippet's reach: shown where it matched.
    // Capitals beyond ASCII split as the index splits them: `ÉTAT` is one word, `APIÉtat` is `api` and `état`.
    const wide = indexOf({ caps: 'ÉTAT civil, tat', piece: 'see APIÉtat' });
    const [tat] = await wide.search({ text: 'tat' });
    assert.deepEqual(marked(tat), ['tat'], tat.snippet);
    const [etat] = (await wide.search({ text: 'état' })).filter((h) => h.session.id === 'piece');
    assert.deepEqual(marked(etat), ['état'], etat.snippet);
    // A letter whose lower case is longer (`İ` → `i̇`) before the word: the mark is on the word, not a letter early.
    const [city] = await indexOf({ trip: 'İSTANBUL İzmir address' }).search({ text: 'address' });
    assert.deepEqual(
      city.ranges.map(([a, b]) => city.snippet.slice(a, b)),
      ['address'],
      city.snippet,
    );
    // A word over 48 characters (a hash, base64) is no term of the index: its pieces are not marked, the word is.
    const hash = `retryPolicy${'A1b2'.repeat(10)}`;
    const [retry] = await indexOf({ log: `${hash} then retry it` }).search({ text: 'retry' });
    const word = retry.snippet.indexOf(' retry ') + 1;
    assert.deepEqual(retry.ranges, [[word, word + 'retry'.length]], retry.snippet);
    // The letters at a word's end ("dialog") are no whole word: the entry whose word begins with them wins.
    const entries = new ContentIndex(new MemoryTexts());
    entries.addMessages(meta('page'), [said('open the login page'), said('the dialog closed')]);
    const [log] = await entries.search({ text: 'log' });
    assert.deepEqual(marked(log), ['log'], log.snippet);
    assert.ok(log.snippet.includes('open the login'), log.snippet);
    const far = indexOf({ task: `see the address ${'y '.repeat(150)} child ses_LGitrzXqAdQ7` });
    const [hit] = await far.search({ text: 'ad' });
    assert.ok(hit.snippet.includes('XqAdQ7'), hit.snippet);
    assert.deepEqual(marked(hit), ['ad']);
  });

  test('whole words come first, then the words they begin, whatever is newer', async () => {
    const index = new ContentIndex(new MemoryTexts());
    const day = 86_400_000;
    index.addMessages(meta('whole'), [said('please add the numbers', Date.now() - 300 * day)]);
    index.addMessages(meta('begun'), [said('the address changed', Date.now())]);
    index.addMessages(meta('both'), [said('additional checks, then add one', Date.now() - 600 * day)]);
    const order = await ids(index, 'add');
    assert.deepEqual(order.slice(0, 2).sort(), ['both', 'whole']);
    assert.equal(order[2], 'begun', 'the newer beginning ranks after the older whole words');
    const scores = (await index.search({ text: 'add' })).map((h) => h.score);
    assert.ok(scores[1] > scores[2]);
  });

  test(`below ${PREFIX_MIN} characters only whole words match; one Han or kana character is a beginning`, async () => {
    const index = indexOf({ mail: 'the address', go: 'go ad', tokyo: '東京に行く' });
    assert.equal(expandable('ad'), false);
    assert.equal(expandable('add'), true);
    assert.equal(expandable('東'), true);
    assert.deepEqual(await ids(index, 'ad'), ['go'], 'the whole word only');
    assert.deepEqual(await ids(index, 'a'), []);
    assert.deepEqual(await ids(index, '東'), ['tokyo']);
    assert.deepEqual(await ids(index, '東京'), ['tokyo']);
  });

  test('the words by their beginnings come back with a saved index, and outlive a dropped session and a compaction', async () => {
    const texts = new MemoryTexts();
    const index = new ContentIndex(texts);
    index.addMessages(meta('kept'), [said('the address book')]);
    index.addMessages(meta('gone'), [said('an addressee long gone')]);
    index.drop('gone');
    // A dropped session's words are still filed: they find only dead documents, skipped.
    assert.deepEqual(await ids(index, 'addr'), ['kept']);
    const loader = ContentIndex.loader(texts);
    for (const line of index.savedLines()) {
      const value = JSON.parse(line) as unknown[];
      if (value[0] !== 'end') assert.ok(loader.line(value), line.slice(0, 80));
    }
    const restored = loader.finish();
    assert.deepEqual(await ids(restored, 'addr'), ['kept']);
    assert.deepEqual(await ids(restored, 'addressee'), []);
    for (let i = 0; i < 1_200; i++) restored.addMessages(meta(`s${i}`), [said(`cookie${i} jar`)]);
    for (let i = 0; i < 1_100; i++) restored.drop(`s${i}`);
    assert.equal(restored.needsCompaction(), true);
    await restored.compact(() => Promise.resolve(), 1);
    assert.deepEqual(await ids(restored, 'addr'), ['kept']);
    assert.deepEqual(await ids(restored, 'cookie1150'), ['s1150']);
    // cookie115 itself was dropped: the ten words it begins answer.
    assert.deepEqual(
      (await ids(restored, 'cookie115')).sort(),
      Array.from({ length: 10 }, (_, i) => `s115${i}`),
    );
    // cookie11 begins 100 live words (cookie1100…): the cap's worth answer, none spent on the dropped cookie110….
    assert.equal((await ids(restored, 'cookie11')).length, MAX_EXPANSIONS);
    restored.addMessages(meta('late'), [said('addressed at last')]);
    assert.deepEqual((await ids(restored, 'addr')).sort(), ['kept', 'late'], 'a word added after the compaction is filed');
  });

  test(`a beginning reaches at most ${MAX_EXPANSIONS} words, those in most documents, and a query only those`, async () => {
    const index = new ContentIndex(new MemoryTexts());
    // Word zeta{i} is said in i + 1 sessions: the most used are the highest.
    const words = 40;
    for (let i = 0; i < words; i++) for (let s = 0; s <= i; s++) index.addMessages(meta(`w${i}s${s}`), [said(`zeta${i}`)]);
    const map = (index as unknown as { flex: { map: Map<unknown, Slots> } }).flex.map;
    const reached = await new Vocabulary(map).expand('zet', MAX_EXPANSIONS, () => Promise.resolve(), 8);
    assert.deepEqual(
      reached,
      Array.from({ length: MAX_EXPANSIONS }, (_, k) => `zeta${words - 1 - k}`),
    );
    // The rarest words are beyond the cap: a query of the beginning does not reach them, a longer beginning does.
    assert.deepEqual(
      await ids(index, 'zet'),
      (await ids(index, 'zet')).filter((id) => Number(id.slice(1).split('s')[0]) >= words - MAX_EXPANSIONS),
    );
    assert.deepEqual(await ids(index, 'zeta0'), ['w0s0']);
    const rare = (await index.search({ text: 'zet', limit: 10_000 })).filter((h) => h.entry.text === 'zeta0');
    assert.deepEqual(rare, []);
  });

  test('the vocabulary follows its map as it grows, ranks by documents, and gives the thread back in a large bucket', async () => {
    const map = new Map<unknown, Slots>();
    const vocabulary = new Vocabulary(map);
    let yields = 0;
    const yieldTo = () => {
      yields++;
      return Promise.resolve();
    };
    assert.deepEqual(await vocabulary.expand('add', 5, yieldTo, 8), []);
    map.set('address', [[1, 2]]);
    map.set('add', [[1]]);
    map.set('adder', [[1, 2, 3]]);
    map.set('ad', [[4]]);
    map.set(7, [[5]]);
    assert.deepEqual(await vocabulary.expand('add', 5, yieldTo, 8), ['adder', 'address']);
    assert.deepEqual(await vocabulary.expand('add', 1, yieldTo, 8), ['adder']);
    assert.equal(vocabulary.size, 5);
    // 2 000 words of one beginning, each in more documents than the last: read a slice at a time, the cap kept,
    // and every one of them weighed (the last filed are the most used).
    for (let i = 0; i < 2_000; i++) map.set(`addx${i}`, [Array.from({ length: i + 1 }, (_, d) => d)]);
    const many = await vocabulary.expand('addx', MAX_EXPANSIONS, yieldTo, 0);
    assert.deepEqual(
      many,
      Array.from({ length: MAX_EXPANSIONS }, (_, k) => `addx${1_999 - k}`),
    );
    assert.ok(yields > 0, 'yielded');
  });

  test('many words of one beginning said in one session hide no word said in another, before or after it is dropped', async () => {
    const index = new ContentIndex(new MemoryTexts());
    // 1 100 junk words `addr…`, `addre…`, each said once, filed before the word anyone means.
    const junk = Array.from({ length: 1_100 }, (_, i) => `addre${i.toString(36)}zz`).join(' ');
    index.addMessages(meta('evil'), [said(junk)]);
    index.addMessages(meta('mail'), [said('send it to the address on file')]);
    for (const text of ['addr', 'addre', 'addres']) assert.ok((await ids(index, text)).includes('mail'), text);
    index.drop('evil');
    assert.equal(index.needsCompaction(), false, 'found with no compaction');
    for (const text of ['addr', 'addre', 'addres']) assert.deepEqual(await ids(index, text), ['mail'], text);
    // Said after the word anyone means, the junk hides it no more: its words found one document, given one place.
    const late = new ContentIndex(new MemoryTexts());
    late.addMessages(meta('mail'), [said('send it to the address on file')]);
    late.addMessages(meta('evil'), [said(junk)]);
    for (const text of ['addr', 'addre', 'addres']) assert.ok((await ids(late, text)).includes('mail'), text);
  });

  test("a dropped session's words crowd out no live word, however many documents they were in", async () => {
    const index = new ContentIndex(new MemoryTexts());
    index.addMessages(meta('kept'), [said('the address book')]);
    // 40 words in many documents each (more than the live word), then dropped: none weighs anything.
    for (let s = 0; s < 5; s++)
      index.addMessages(
        meta(`gone${s}`),
        Array.from({ length: 3 }, () => said(Array.from({ length: 40 }, (_, w) => `addrx${w}`).join(' '))),
      );
    for (let s = 0; s < 5; s++) index.drop(`gone${s}`);
    const map = (index as unknown as { flex: { map: Map<unknown, Slots> } }).flex.map;
    const table = (index as unknown as { table: { session: Int32Array } }).table;
    const live = new Vocabulary(map, (doc) => table.session[doc]);
    assert.deepEqual(await live.expand('addr', MAX_EXPANSIONS, () => Promise.resolve(), 8), ['address']);
    assert.deepEqual(await ids(index, 'addr'), ['kept']);
  });

  test("a term ends where the index's words end: at no letter, or where an identifier's next piece starts", () => {
    const ends = (text: string, end: number) => endsTerm(text, end);
    assert.equal(ends('address', 3), false);
    assert.equal(ends('add it', 3), true);
    assert.equal(ends('add', 3), true);
    assert.equal(ends('retryPolicy', 5), true);
    assert.equal(ends('retry_policy', 5), true);
    assert.equal(ends('HTTPServer', 4), true);
    assert.equal(ends('HTTPServer', 3), false);
    assert.equal(ends('ADDRESS', 3), false);
    assert.equal(ends('naïve', 2), false);
    assert.equal(ends('naïveRetry', 5), true);
  });
});

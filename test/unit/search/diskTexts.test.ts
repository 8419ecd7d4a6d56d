// The content index's texts on disk: what is appended reads back after a flush and from a new store on the same
// folder (a restart), a session's later entries continue its chunk, drop() removes one session's files and clear()
// leaves nothing behind.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DiskTexts, fileStemOf } from '../../../src/features/search/node/diskTexts';
import { EntryKind, type Entry } from '../../../src/features/search/common/entries';
import { CHUNK } from '../../../src/features/search/common/textStore';

const folder = mkdtempSync(join(tmpdir(), 'ocs-disk-texts-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** A session's file of chunk n: named by a hash of its id. */
const file = (session: string, chunk: number) => `${fileStemOf(session)}.${chunk}`;

const entries = (from: number, count: number): Entry[] =>
  Array.from({ length: count }, (_, i) => ({ part: `prt_${from + i}`, kind: EntryKind.Reply, text: `entry ${from + i}` }));

describe('DiskTexts', () => {
  test('entries read back after a flush, and from a new store on the same folder; later ones continue the chunk', async () => {
    const dir = join(folder, 'a');
    const texts = await DiskTexts.open(dir);
    texts.append('ses_1', 0, entries(0, CHUNK + 3));
    await texts.flush();
    const again = await DiskTexts.open(dir);
    assert.deepEqual(
      again.read('ses_1', CHUNK - 1, 4).map((e) => e.text),
      [`entry ${CHUNK - 1}`, `entry ${CHUNK}`, `entry ${CHUNK + 1}`, `entry ${CHUNK + 2}`],
    );
    // Appended after a restart: the partly filled chunk is read from its file and kept whole.
    again.append('ses_1', CHUNK + 3, entries(CHUNK + 3, 2));
    await again.flush();
    const third = await DiskTexts.open(dir);
    assert.deepEqual(
      third.read('ses_1', CHUNK, 5).map((e) => e.part),
      Array.from({ length: 5 }, (_, i) => `prt_${CHUNK + i}`),
    );
  });

  test('readAsync reads what read reads, from a new store too; what a dropped session had is not read back', async () => {
    const dir = join(folder, 'h');
    const texts = await DiskTexts.open(dir);
    texts.append('ses_1', 0, entries(0, CHUNK + 3));
    await texts.flush();
    const again = await DiskTexts.open(dir);
    const span = (list: Entry[]) => list.map((e) => e.text);
    assert.deepEqual(span(await again.readAsync('ses_1', CHUNK - 2, 5)), span(texts.read('ses_1', CHUNK - 2, 5)));
    assert.equal((await again.readAsync('ses_1', CHUNK - 2, 5)).length, 5, 'across two chunks');
    // Dropped while its chunk is read from disk: the read answers, but what it read is not kept.
    const third = await DiskTexts.open(dir);
    const reading = third.readAsync('ses_1', 0, 3);
    third.drop('ses_1');
    await reading;
    await third.flush();
    assert.deepEqual(await third.readAsync('ses_1', 0, 3), []);
    assert.deepEqual(readdirSync(dir), []);
  });

  test('reads of one chunk at once (a query reads ahead, and documents share chunks) answer each its entries, one copy', async () => {
    const dir = join(folder, 'once');
    const texts = await DiskTexts.open(dir);
    texts.append('ses_1', 0, entries(0, 8));
    await texts.flush();
    const again = await DiskTexts.open(dir);
    const [first, second] = await Promise.all([again.readAsync('ses_1', 0, 4), again.readAsync('ses_1', 2, 6)]);
    assert.deepEqual(
      [...first.slice(0, 2), ...second].map((e) => e.text),
      entries(0, 8).map((e) => e.text),
    );
    // The same entries, not two copies (the store reads the file once; the one read second used to be dropped).
    assert.equal(second[0], first[2]);
  });

  test('entries added while a flush writes their chunk are kept with the ones before them', async () => {
    const dir = join(folder, 'c');
    const texts = await DiskTexts.open(dir);
    texts.append('ses_1', 0, entries(0, 10));
    const writing = texts.flush();
    texts.append('ses_1', 10, entries(10, 5));
    assert.equal(texts.read('ses_1', 0, 15).length, 15, 'while it is written');
    await writing;
    await texts.flush();
    assert.equal(texts.read('ses_1', 0, 15).length, 15, 'after both flushes');
    assert.deepEqual(
      (await DiskTexts.open(dir)).read('ses_1', 0, 15).map((e) => e.part),
      Array.from({ length: 15 }, (_, i) => `prt_${i}`),
      'after a restart',
    );
  });

  test('clear() forgets every session and removes its files', async () => {
    const dir = join(folder, 'b');
    const texts = await DiskTexts.open(dir);
    texts.append('ses_1', 0, entries(0, 3));
    texts.append('ses_2', 0, entries(0, 3));
    await texts.flush();
    texts.clear();
    assert.deepEqual(readdirSync(dir), []);
    assert.deepEqual(texts.read('ses_1', 0, 3), []);
    assert.deepEqual((await DiskTexts.open(dir)).read('ses_2', 0, 3), []);
  });

  test("drop() removes that session's files only, also after a restart (its chunks counted from the file names)", async () => {
    const dir = join(folder, 'd');
    const texts = await DiskTexts.open(dir);
    texts.append('ses_1', 0, entries(0, 2 * CHUNK + 1));
    texts.append('ses_10', 0, entries(0, 3));
    texts.append('ses_1x', 0, entries(0, 3));
    await texts.flush();
    texts.drop('ses_1');
    await texts.flush();
    assert.deepEqual(readdirSync(dir).sort(), [file('ses_10', 0), file('ses_1x', 0)].sort());
    assert.deepEqual(texts.read('ses_1', 0, 3), []);

    const again = await DiskTexts.open(dir);
    again.append('ses_10', 3, entries(3, CHUNK));
    await again.flush();
    again.drop('ses_10');
    await again.flush();
    assert.deepEqual(readdirSync(dir), [file('ses_1x', 0)]);
    assert.equal(again.read('ses_1x', 0, 3).length, 3);
  });

  test('a session dropped while its chunk is written leaves no file', async () => {
    const dir = join(folder, 'e');
    const texts = await DiskTexts.open(dir);
    texts.append('ses_1', 0, entries(0, 3));
    const writing = texts.flush();
    await Promise.resolve(); // the flush has begun writing the chunk
    texts.drop('ses_1');
    await writing;
    assert.deepEqual(readdirSync(dir), []);
  });

  test('clear() while a chunk is written: the flush settles and leaves nothing', async () => {
    const dir = join(folder, 'f');
    const texts = await DiskTexts.open(dir);
    texts.append('ses_1', 0, entries(0, 3));
    const writing = texts.flush();
    await Promise.resolve(); // the flush has begun writing the chunk
    texts.clear();
    await writing;
    assert.deepEqual(readdirSync(dir), []);
  });

  test("another window's files: its write in flight is not counted, a crashed one's is removed, a chunk it wrote is dropped too", async () => {
    const dir = join(folder, 'g');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${file('ses_1', 0)}.111.tmp`), 'in flight');
    writeFileSync(join(dir, `${file('ses_1', 0)}.222.tmp`), 'left by a crash');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, `${file('ses_1', 0)}.222.tmp`), hourAgo, hourAgo);
    const texts = await DiskTexts.open(dir);
    await texts.flush();
    assert.deepEqual(readdirSync(dir), [`${file('ses_1', 0)}.111.tmp`]);
    texts.append('ses_1', 0, entries(0, 3));
    await texts.flush();
    writeFileSync(join(dir, file('ses_1', 1)), 'written by the other window');
    texts.append('ses_1', 3, entries(3, CHUNK));
    texts.drop('ses_1');
    await texts.flush();
    assert.deepEqual(readdirSync(dir), [`${file('ses_1', 0)}.111.tmp`]);
  });

  test('a large clear answers reads and writes meanwhile: the old folder goes a slice at a time, apart from the writes', async () => {
    const dir = join(folder, 'i');
    mkdirSync(dir, { recursive: true });
    const FILES = 1_000;
    for (let i = 0; i < FILES; i++) writeFileSync(join(dir, file(`ses_old${i}`, 0)), 'stale');
    // The removal stops after its first slice until the test lets it go on.
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const texts = await DiskTexts.open(dir, () => held);
    texts.clear();
    texts.append('ses_new', 0, entries(0, 3));
    await texts.flush();
    // What a query reads of a chunk not in memory (a store of its own, whose removal of the old folder waits too).
    const reader = await DiskTexts.open(dir, () => held);
    assert.deepEqual(
      (await reader.readAsync('ses_new', 0, 3)).map((e) => e.text),
      ['entry 0', 'entry 1', 'entry 2'],
    );
    const aside = () => readdirSync(folder).filter((name) => name.startsWith('i.old-'));
    assert.equal(aside().length, 1, 'the cleared folder is still being removed');
    assert.ok(readdirSync(join(folder, aside()[0])).length > FILES / 2, 'a slice at a time');
    assert.deepEqual(readdirSync(dir), [file('ses_new', 0)]);
    letGo();
    while (aside().length) await new Promise((resolve) => setTimeout(resolve, 10));
  });
});

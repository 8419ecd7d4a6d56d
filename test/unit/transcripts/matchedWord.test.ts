// The word Enter on a search result selects in the transcript: the first of the query's words that begins a word in
// the part's lines, extended to the whole word, at its place in the line as VS Code counts it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchedWord } from '../../../src/features/transcripts/matchedWord';

const inLines = (lines: string[], words: string[], from = 0, to = lines.length) => matchedWord((at) => lines[at], from, to, words);

test('a beginning typed selects the whole word; a word inside another is passed over', () => {
  assert.deepEqual(inLines(['## Prompt', 'the rezephyrquill, then zephyrquill brass'], ['zephyrq']), { line: 1, start: 24, end: 35 });
});

test('only the lines asked for are looked at, and none when no word is given', () => {
  const lines = ['zephyrquill', 'nothing', 'zephyrquill'];
  assert.deepEqual(inLines(lines, ['zephyr'], 1), { line: 2, start: 0, end: 11 });
  assert.equal(inLines(lines, ['zephyr'], 1, 2), undefined);
  assert.equal(inLines(lines, []), undefined);
});

test('a line whose lower case is longer (İ) still selects the word, at its place in the line', () => {
  const line = 'İstanbul: polish the Zephyrquill brass';
  const place = inLines([line], ['zephyrq']);
  assert.ok(place, 'a word is selected');
  assert.equal(line.slice(place.start, place.end), 'Zephyrquill');
  // A word that begins with İ itself, typed as it is written (its lower case, as the query's words are): selected
  // whole, from its first character.
  const istanbul = inLines([line], ['İstan'.toLowerCase()]);
  assert.ok(istanbul);
  assert.equal(line.slice(istanbul.start, istanbul.end), 'İstanbul');
});

test('several İ before the word: each moves the lower case by one, and the word is still found where it is', () => {
  const line = 'İİ İzmir, İ: polish the Zephyrquill brass İ';
  const place = inLines([line], ['zephyrq']);
  assert.ok(place);
  assert.equal(line.slice(place.start, place.end), 'Zephyrquill');
  const izmir = inLines([line], ['İzm'.toLowerCase()]);
  assert.ok(izmir);
  assert.equal(line.slice(izmir.start, izmir.end), 'İzmir');
});

test('a letter outside the Basic Multilingual Plane (𝐀) is part of a word, before the match and after it', () => {
  assert.equal(inLines(['𝐀zephyrquill'], ['zephyr']), undefined, 'inside a word that begins with 𝐀');
  const line = 'the zephyr𝐀bc brass';
  const place = inLines([line], ['zephyr']);
  assert.ok(place);
  assert.equal(line.slice(place.start, place.end), 'zephyr𝐀bc');
});

test('digits inside an entity of ours (`&#58;` for the `:` of `://`) are not a word: the 58 that is one is selected', () => {
  const line = 'see http&#58;//x.io/ for the 58 items, &#64;general';
  const place = inLines([line], ['58']);
  assert.ok(place);
  assert.equal(place.start, line.indexOf(' 58 ') + 1);
  assert.equal(inLines([line], ['64']), undefined);
});

test('a match that begins with punctuation is passed over (it could split an escape: `\\<`)', () => {
  assert.equal(inLines(['\\<img src=x>'], ['<img']), undefined);
});

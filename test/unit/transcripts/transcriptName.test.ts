// A transcript's file name is its session's title, and a Markdown preview's tab is matched to its transcript exactly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  forgetClosedPreviews,
  previewedTranscript,
  previewPrefix,
  recordPreview,
  transcriptFileName,
} from '../../../src/features/transcripts/transcriptName';

describe('transcript names and previews', () => {
  test("the file name is the session's title, path-safe, cut, with .md (the session id is not in it)", () => {
    assert.equal(transcriptFileName('Fix login'), 'Fix login.md');
    assert.equal(transcriptFileName("Fix the parser's edge case (v2), again!"), "Fix the parser's edge case (v2), again!.md");
    assert.equal(transcriptFileName('../../'), '.. ...md');
    assert.equal(transcriptFileName('a/b\\c:d*e?f"g<h>i|j#k%l'), 'a b c d e f g h i j k l.md');
    assert.equal(transcriptFileName('<img src=x onerror=alert(1)>'), 'img src x onerror alert(1).md');
    assert.equal(transcriptFileName('\u202eevil\u0000'), 'evil.md');
    assert.equal(transcriptFileName('x'.repeat(500)), `${'x'.repeat(60)}.md`);
    assert.equal(transcriptFileName('///'), 'transcript.md');
  });

  test('a preview is its recorded transcript, else the one open transcript whose whole name ends its label', () => {
    const recorded = new Map([['Preview README (AAAAAAAA).md', ['opencode-transcript:/a']]]);
    const open = [
      { fileName: 'README (AAAAAAAA).md', uri: 'opencode-transcript:/a' },
      { fileName: 'README (BBBBBBBB).md', uri: 'opencode-transcript:/b' },
    ];
    assert.equal(previewedTranscript('Preview README (AAAAAAAA).md', recorded, open), 'opencode-transcript:/a');
    assert.equal(previewedTranscript('Vorschau README (BBBBBBBB).md', recorded, open), 'opencode-transcript:/b');
    // A user's own README, or a name only part of a transcript's: not a transcript.
    assert.equal(previewedTranscript('Preview README.md', recorded, open), undefined);
    assert.equal(previewedTranscript('Preview (BBBBBBBB).md', recorded, open), undefined);
    assert.equal(previewedTranscript('Preview xREADME (BBBBBBBB).md', recorded, open), undefined);
    // Two open transcripts that both fit: neither is guessed.
    const twice = [...open, { fileName: 'README (BBBBBBBB).md', uri: 'opencode-transcript:/c' }];
    assert.equal(previewedTranscript('Preview README (BBBBBBBB).md', new Map(), twice), undefined);
  });

  test('where the preview’s word is known, only `<word> <name>` fits: a workspace file “Fix login.md” is not “login.md”', () => {
    const open = [{ fileName: 'login.md', uri: 'opencode-transcript:/a/login.md' }];
    assert.equal(previewedTranscript('Preview Fix login.md', new Map(), open, [], 'Preview'), undefined);
    assert.equal(previewedTranscript('Preview login.md', new Map(), open, [], 'Preview'), 'opencode-transcript:/a/login.md');
    assert.equal(previewedTranscript('Vista previa login.md', new Map(), open, [], 'Vista previa'), 'opencode-transcript:/a/login.md');
    // Unknown (a language not learnt yet): any words before the name, as before.
    assert.equal(previewedTranscript('Preview Fix login.md', new Map(), open), 'opencode-transcript:/a/login.md');
    assert.equal(previewPrefix('Vista previa Fix login.md', 'Fix login.md'), 'Vista previa');
    assert.equal(previewPrefix('Fix login.md', 'Fix login.md'), undefined);
    assert.equal(previewPrefix('Preview other.md', 'Fix login.md'), undefined);
  });

  test('two sessions of one title share a tab label: a preview of it names neither, never the other one', () => {
    const recorded = new Map<string, string[]>();
    recordPreview(recorded, 'Preview Fix login.md', 'opencode-transcript:/a/Fix%20login.md', 10);
    assert.equal(previewedTranscript('Preview Fix login.md', recorded, []), 'opencode-transcript:/a/Fix%20login.md');
    recordPreview(recorded, 'Preview Fix login.md', 'opencode-transcript:/a/Fix%20login.md', 10);
    assert.equal(previewedTranscript('Preview Fix login.md', recorded, []), 'opencode-transcript:/a/Fix%20login.md', 'the same again');
    recordPreview(recorded, 'Preview Fix login.md', 'opencode-transcript:/b/Fix%20login.md', 10);
    // Not guessed from the open documents either: one of the two may have been let go.
    const open = [{ fileName: 'Fix login.md', uri: 'opencode-transcript:/b/Fix%20login.md' }];
    assert.equal(previewedTranscript('Preview Fix login.md', recorded, open), undefined);
  });

  test('a label stands for its transcript only while a tab of it is open, and never while a workspace file of that name is', () => {
    const recorded = new Map<string, string[]>();
    const readme = 'opencode-transcript:/a/README.md';
    recordPreview(recorded, 'Preview README.md', readme, 10);
    recordPreview(recorded, 'Preview Fix login.md', 'opencode-transcript:/b/Fix%20login.md', 10);
    assert.equal(previewedTranscript('Preview README.md', recorded, []), readme);
    // The README transcript's preview closed: its label is forgotten, the other one's kept.
    forgetClosedPreviews(recorded, new Set(['Preview Fix login.md', 'README.md']));
    assert.deepEqual([...recorded.keys()], ['Preview Fix login.md']);
    // The workspace's README.md previewed while the transcript is still open (VS Code keeps it a while): not it.
    const open = [{ fileName: 'README.md', uri: readme }];
    assert.equal(previewedTranscript('Preview README.md', recorded, open, ['settings.json', 'README.md']), undefined);
    assert.equal(previewedTranscript('Preview README.md', recorded, open, ['settings.json']), readme, 'no such file open: a link followed');
    // Recorded and open both: a file of that name open, neither is guessed.
    recordPreview(recorded, 'Preview README.md', readme, 10);
    assert.equal(previewedTranscript('Preview README.md', recorded, open, ['README.md']), undefined);
  });

  test('two of one title both stay recorded under their label, each list kept to a number', () => {
    const recorded = new Map<string, string[]>();
    for (let i = 0; i < 30; i++) recordPreview(recorded, 'Preview Fix login.md', `opencode-transcript:/${i}/Fix%20login.md`, 10);
    const both = recorded.get('Preview Fix login.md')!;
    assert.equal(both.length, 20);
    assert.equal(both.at(-1), 'opencode-transcript:/29/Fix%20login.md');
    assert.equal(previewedTranscript('Preview Fix login.md', recorded, []), undefined);
  });

  test('the recorded labels are kept to a number, the oldest let go', () => {
    const recorded = new Map<string, string[]>();
    for (let i = 0; i < 5; i++) recordPreview(recorded, `Preview ${i}.md`, `opencode-transcript:/${i}/${i}.md`, 3);
    assert.deepEqual([...recorded.keys()], ['Preview 2.md', 'Preview 3.md', 'Preview 4.md']);
  });
});

// A transcript's file name is its session's title, and a Markdown preview's tab is matched to its transcript exactly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { previewedTranscript, transcriptFileName } from '../../../src/features/transcripts/transcriptName';

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
    const recorded = new Map([['Preview README (AAAAAAAA).md', 'opencode-transcript:/a']]);
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
});

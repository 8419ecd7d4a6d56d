// A transcript's file name is unique per session, and a Markdown preview's tab is matched to its transcript exactly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { previewedTranscript, transcriptFileName } from '../../../src/features/transcripts/transcriptName';

describe('transcript names and previews', () => {
  test('two sessions of one title get two file names; a title of nothing allowed gets one', () => {
    const a = transcriptFileName('Fix login', 'ses_1a2b3c4d5e6fAAAAAAAA');
    const b = transcriptFileName('Fix login', 'ses_1a2b3c4d5e6fBBBBBBBB');
    assert.equal(a, 'Fix login (AAAAAAAA).md');
    assert.notEqual(a, b);
    assert.equal(transcriptFileName('../../', 'ses_x/y'), 'transcript (ses_xy).md');
    assert.equal(transcriptFileName('CON', 'ses_00000001'), 'CON (00000001).md');
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

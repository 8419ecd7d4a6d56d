// Titles as every view shows them: a stand-in for none, and long ones cut (a 100 KB title must not fill a row).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_TITLE_LENGTH, sessionTitle, shortened } from '../../../src/present/sessionTitle';

describe('sessionTitle', () => {
  test('no title reads as a stand-in; ordinary titles are kept whole', () => {
    assert.equal(sessionTitle({ title: '' }), 'Untitled session');
    assert.equal(sessionTitle({ title: 'Fix the login' }), 'Fix the login');
    assert.equal(sessionTitle({ title: 'x'.repeat(MAX_TITLE_LENGTH) }).length, MAX_TITLE_LENGTH);
  });

  test('a kubeopencode Task’s session is named by its Task; a title that only looks alike is kept', () => {
    assert.equal(sessionTitle({ title: 'kubeopencode/agents/fix-login-redirect/ee835a3f' }), 'Task fix-login-redirect');
    assert.equal(sessionTitle({ title: 'kubeopencode/team-a/nightly.audit/7f3c2a91' }), 'Task nightly.audit');
    for (const title of [
      'kubeopencode/agents/fix-login-redirect',
      'kubeopencode/a/b/c/d',
      'notkubeopencode/a/b/12345678',
      'kubeopencode/A/b/12345678',
    ])
      assert.equal(sessionTitle({ title }), title);
  });

  test('a 100 KB title is cut to the limit, ending in an ellipsis', () => {
    const shown = sessionTitle({ title: 'word '.repeat(20_000) });
    assert.equal(Array.from(shown).length, MAX_TITLE_LENGTH);
    assert.ok(shown.endsWith('…'));
  });

  test('cutting never splits a character made of two code units', () => {
    assert.equal(shortened('😀'.repeat(10), 4), '😀😀😀…');
    assert.equal(shortened('😀😀', 2), '😀😀');
  });
});

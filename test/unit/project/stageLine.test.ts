// What `npm test`'s summary repeats of each stage's output: why a stage did not run, and which tests failed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { didNotRun, failureLines } from '../../run/stageLine';

describe('failureLines', () => {
  test('names the failed tests of each runner, once each, and nothing that passed', () => {
    const output = [
      'vscode-host: FAILED attention picks an unread session: timed out waiting',
      '    not ok 3 - a watch: the ERROR of an expired resourceVersion',
      'not ok 4 - the stand-in answers as the real kube-apiserver does',
      '✖ the demo’s first twenty minutes (100 ms)',
      '✖ failing tests:',
      '✔ the sidebar shows every session nested',
      'ok 5 - GET /api/v1/pods',
      'not ok 6 - a session that keeps moving stays within its share # TODO review finding',
      'vscode-host: 125 passed, 1 failed',
      'vscode-host: FAILED attention picks an unread session: timed out waiting',
    ].join('\n');
    assert.deepEqual(failureLines(output), [
      'vscode-host: FAILED attention picks an unread session: timed out waiting',
      'not ok 3 - a watch: the ERROR of an expired resourceVersion',
      'not ok 4 - the stand-in answers as the real kube-apiserver does',
      '✖ the demo’s first twenty minutes (100 ms)',
    ]);
  });

  test("each with its error's first line where the report gives one (TAP's error, a spec's Error line)", () => {
    const output = [
      'not ok 2 - 130 000 sessions interrupted at once',
      '  ---',
      '  duration_ms: 12.5',
      '  error: \'one status read for the batch: {"reads":40}\'',
      '  ...',
      'not ok 3 - a wait',
      '  ---',
      '  error: |-',
      '    busy since the admission',
      '    + actual - expected',
      '  ...',
      'not ok 4 - no details',
      'ok 5 - passes',
      '  error: not this one’s',
      '✖ a 20 000-step session (77264.5ms)',
      '  AssertionError [ERR_ASSERTION]: the panel shows the clicked session',
      '      at openPanel (out/test/ui/usage/usagePanelLive.test.js:1:1)',
      '✖ failing tests:',
      '✖ a 20 000-step session (77264.5ms)',
      '  AssertionError [ERR_ASSERTION]: the panel shows the clicked session',
    ].join('\n');
    assert.deepEqual(failureLines(output), [
      'not ok 2 - 130 000 sessions interrupted at once — one status read for the batch: {"reads":40}',
      'not ok 3 - a wait — busy since the admission',
      'not ok 4 - no details',
      '✖ a 20 000-step session (77264.5ms) — AssertionError [ERR_ASSERTION]: the panel shows the clicked session',
    ]);
  });

  test('a long list ends with how many more; a long line is cut', () => {
    const output = Array.from({ length: 25 }, (_, i) => `not ok ${i} - case ${i} ${'x'.repeat(700)}`).join('\n');
    const lines = failureLines(output);
    assert.equal(lines.length, 21);
    assert.equal(lines[20], '… and 5 more');
    assert.ok(lines.slice(0, 20).every((line) => line.length === 600 && line.endsWith('…')));
  });

  test('a clean run names none', () => {
    assert.deepEqual(failureLines('ok 1 - a\n# pass 1\n# fail 0\nui: 33 passed, 0 failed'), []);
  });
});

describe('didNotRun', () => {
  test('the why of its own stage only', () => {
    const output = 'opencode2: did not run: no binary\nui: did not run: elsewhere';
    assert.equal(didNotRun('opencode2', output), 'no binary');
    assert.equal(didNotRun('vscode-host', output), undefined);
  });
});

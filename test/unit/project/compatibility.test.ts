// The compatibility table of `npm run test:servers`: tests land in their feature by suite title, a cell says
// how many failed, and the README changes only between its markers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compatibilityTable, featureOf, README_BEGIN, README_END, replaceBetweenMarkers } from '../../vscode-server/compatibility';

const outcome = (suite: string, title: string, passed = true) => ({ fullTitle: `${suite} ${title}`, title, passed });

describe('compatibility table', () => {
  test('maps tests to features by suite, and by title inside a mixed suite', () => {
    assert.equal(featureOf(outcome('Session tree on a real OpenCode server', 'shows badges equal to the server numbers')), 'Tree & badges');
    assert.equal(
      featureOf(outcome('Session tree on a real OpenCode server', 'updates a badge live when a prompt runs on the server')),
      'Live updates',
    );
    assert.equal(featureOf(outcome('Session actions', 'aborts a busy session')), 'Abort');
    assert.equal(featureOf(outcome('Usage panel', 'shows every step')), 'Usage');
    assert.equal(
      featureOf(outcome('OpenCode 2 forms: the question tool answered from VS Code’s inbox', 'a choice')),
      'Questions as forms (2.x)',
    );
    assert.equal(
      featureOf(outcome('Discovery: the OpenCode 2 service from service.json, with no settings', 'lists')),
      'Found from service.json (2.x)',
    );
    assert.equal(featureOf(outcome('Session actions', 'reports a failed compaction as a failure')), 'Compaction');
    assert.equal(featureOf(outcome('Session actions', 'renames on the server and in the tree')), 'Rename, fork, delete');
    assert.equal(
      featureOf(outcome('OpenCode API v2: a server that answers only /api/*', 'interrupts a busy session (Abort)')),
      'OpenCode API v2',
    );
    assert.equal(featureOf(outcome('Budgets that act', 'abort: a busy session is aborted')), 'Budgets');
    assert.equal(featureOf(outcome('New thing: more words', 'works')), 'New thing');
  });

  test('one column per version: ✓ n, ✗ with the failing count, – untested, ✗ no result', () => {
    const table = compatibilityTable([
      {
        version: '1.0.0',
        tests: [
          outcome('Session actions', 'aborts a busy session'),
          outcome('Pending requests: x', 'a', false),
          outcome('Pending requests: x', 'b'),
        ],
      },
      { version: '1.0.1', tests: [outcome('Session actions', 'aborts a busy session')] },
      { version: '1.0.2', tests: [], error: 'npm could not install it' },
    ]);
    assert.deepEqual(table.split('\n'), [
      '| Feature | OpenCode 1.0.0 | OpenCode 1.0.1 | OpenCode 1.0.2 |',
      '| --- | --- | --- | --- |',
      '| Abort | ✓ 1 | ✓ 1 | ✗ no result |',
      '| Permissions inbox | ✗ 1 of 2 failed | – | ✗ no result |',
      '| **All tests run** | **✗ 1 of 3 failed** | **✓ 1** | **✗ no result** |',
      '',
      '- OpenCode 1.0.2: npm could not install it',
    ]);
  });

  test('a run with its own column heading: OpenCode 2 release shapes on an older engine', () => {
    const column = 'OpenCode 2 release shapes (1.18.33 behind the adapter)';
    const table = compatibilityTable([
      { version: '1.18.33', tests: [outcome('Session actions', 'aborts a busy session')] },
      { version: 'release-shapes', column, tests: [], error: 'no report' },
    ]);
    assert.equal(table.split('\n')[0], `| Feature | OpenCode 1.18.33 | ${column} |`);
    assert.ok(table.endsWith(`- ${column}: no report`), table);
  });

  test('replaces only what is between the README markers, and refuses a README without them', () => {
    const readme = `# T\n\n${README_BEGIN}\nold\n${README_END}\n\nrest\n`;
    assert.equal(replaceBetweenMarkers(readme, 'new'), `# T\n\n${README_BEGIN}\nnew\n${README_END}\n\nrest\n`);
    assert.throws(() => replaceBetweenMarkers('# T\n', 'new'), /lacks the markers/);
  });
});

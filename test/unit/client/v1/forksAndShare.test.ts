// What a 1.x server is asked, from its records alone: sharing never (OpenCode's share service answers 410 for every
// share page, also for the servers before 1.19.1 that still call it), and a fork, which 1.18.33 marks only by its
// title "<title> (fork #N)", is read whole after connecting so its copies are known (store/copiedHistory.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { V1Api } from '../../../../src/client/v1/api';
import { v1ForkTitle } from '../../../../src/client/v1/forks';
import type { SessionInfo } from '../../../../src/store/events';

describe('a 1.x server', () => {
  test('is offered no Share, whatever its version (before 1.19.1 too)', () => {
    for (const version of ['1.18.33', '1.19.0', '1.19.1', undefined]) {
      const api = new V1Api({ url: 'http://127.0.0.1:9' }, version);
      const features = api.contract().features.map((f) => f.feature as string);
      assert.ok(features.includes('rename') && !features.includes('share'), `${version}: ${features.join(', ')}`);
      assert.equal('shareSession' in api || 'unshareSession' in api, false, 'nothing that would ask it');
    }
  });

  test('a session titled as 1.18.33 titles its forks is read whole; others are not', () => {
    const info = (title: string): SessionInfo => ({ id: 's', title, directory: '/w', time: { created: 1, updated: 1 } });
    const api = new V1Api({ url: 'http://127.0.0.1:9' }, '1.18.33');
    for (const title of ['orig (fork #1)', 'orig (fork #2)', 'New session - 2026 (fork #12)', ' (fork #3)'])
      assert.equal(api.mayHoldCopies(info(title)), true, title);
    for (const title of [
      'orig',
      'orig (fork #)',
      'orig (fork #1',
      'orig (fork #1) again',
      'orig (fork #x)',
      'orig (fork #1234567890)',
      '(fork #1)',
    ])
      assert.equal(v1ForkTitle(title), false, title);
  });
});

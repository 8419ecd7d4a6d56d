// activate() hands other extensions `getAPI` only; the registry (with every server's password) and the rest
// reach this extension's own tests alone (VS Code's Test mode, or the .vsix smoke run's marker).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exportedApi, isTestRun } from '../../../src/api/exportedApi';

describe('exported API', () => {
  const registry = { all: [{ url: 'http://h', password: 'secret-pw' }] };
  const full = { getAPI: (version: 1) => ({ version }), registry, connections: () => registry.all };

  test('outside a test run: exactly getAPI, still working, and nothing that holds a password', () => {
    const exported = exportedApi(full, isTestRun(false, {}));
    assert.deepEqual(Object.keys(exported), ['getAPI']);
    assert.deepEqual(exported.getAPI(1), { version: 1 });
    assert.ok(!JSON.stringify(exported).includes('secret-pw'));
  });

  test('in a test run: everything the extension-host tests inspect', () => {
    assert.equal(exportedApi(full, isTestRun(true, {})), full);
    assert.equal(exportedApi(full, isTestRun(false, { OCS_TEST_INTERNALS: '1' })), full);
    // Only the exact marker: a stray value does not open it.
    assert.deepEqual(Object.keys(exportedApi(full, isTestRun(false, { OCS_TEST_INTERNALS: 'true' }))), ['getAPI']);
  });
});

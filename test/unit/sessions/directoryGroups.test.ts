import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { directoryGroups, folderName, folderPlace } from '../../../src/store/directoryGroups';

describe('directoryGroups', () => {
  test('one directory (however many sessions) gives no group level', () => {
    assert.deepEqual(directoryGroups(['/w/a', '/w/a', '/w/a']), []);
    assert.deepEqual(directoryGroups([]), []);
  });

  test('several directories: one group each, by folder name then path', () => {
    assert.deepEqual(directoryGroups(['/w/zeta', '/w/alpha', '/x/alpha', '/w/zeta']), [
      { directory: '/w/alpha', label: 'alpha' },
      { directory: '/x/alpha', label: 'alpha' },
      { directory: '/w/zeta', label: 'zeta' },
    ]);
  });
});

describe('folderName', () => {
  test('is the last path segment, on any platform', () => {
    assert.deepEqual(['/home/me/webshop', '/home/me/webshop/', 'C:\\src\\cli', '/', ''].map(folderName), [
      'webshop',
      'webshop',
      'cli',
      '/',
      '(no directory)',
    ]);
  });
});

describe('folderPlace', () => {
  test("a folder row's description is its parent, short: the last two folders", () => {
    assert.equal(folderPlace('/tmp/ocs-opencode-home-x1/projects/webshop'), '…/ocs-opencode-home-x1/projects');
    assert.equal(folderPlace('/srv/webshop'), '/srv');
    assert.equal(folderPlace('/home/me/webshop'), '/home/me');
    assert.equal(folderPlace('C:\\src\\work\\team\\cli'), '…\\work\\team');
    assert.equal(folderPlace('/webshop'), '');
  });
});

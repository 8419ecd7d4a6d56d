// OpenCode 1.x discontinued session sharing in 1.19.1: Share and Unshare are offered before it, not from it on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { v1SharesSessions } from '../../../../src/client/v1/share';

describe('v1SharesSessions', () => {
  test('versions before 1.19.1 share; 1.19.1 and later do not', () => {
    for (const v of ['1.18.33', '1.19.0', '1.0.0', '0.15.2', '1.19.0-beta.3']) assert.equal(v1SharesSessions(v), true, v);
    for (const v of ['1.19.1', '1.19.2', '1.20.0', '1.19.10', '2.0.0', '1.19.1-beta.1', '10.0.0'])
      assert.equal(v1SharesSessions(v), false, v);
  });

  test('a version not said, or not numbers, is taken as one that shares (the server answers for itself)', () => {
    for (const v of [undefined, '', 'dev', 'v1.19.1', '1.19', '1', '.1.2', '1..2']) {
      assert.equal(v1SharesSessions(v), true, String(v));
    }
  });
});

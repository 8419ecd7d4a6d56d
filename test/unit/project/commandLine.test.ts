// The hand-run test scripts' command lines (test:stress, test:servers): a typo or --help must not start a run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readArgs, UsageError } from '../../run/commandLine';

const OPTIONS = { runs: { type: 'string', default: '5' }, hog: { type: 'boolean', default: false } } as const;

describe('readArgs', () => {
  test('the options given, with defaults for the rest', () => {
    assert.deepEqual({ ...(readArgs(OPTIONS, ['--runs', '3']) as object) }, { runs: '3', hog: false });
    assert.deepEqual({ ...(readArgs(OPTIONS, ['--hog']) as object) }, { runs: '5', hog: true });
  });

  test('--help and -h ask for the usage, also beside other valid options', () => {
    assert.equal(readArgs(OPTIONS, ['--help']), 'help');
    assert.equal(readArgs(OPTIONS, ['--hog', '-h']), 'help');
  });

  test('an unknown option, a missing value or a stray word is a UsageError that names it', () => {
    assert.throws(
      () => readArgs(OPTIONS, ['--hgo']),
      (e) => e instanceof UsageError && /--hgo/.test(e.message),
    );
    assert.throws(
      () => readArgs(OPTIONS, ['--runs']),
      (e) => e instanceof UsageError && /--runs/.test(e.message),
    );
    assert.throws(
      () => readArgs(OPTIONS, ['3']),
      (e) => e instanceof UsageError && /'3'/.test(e.message),
    );
  });
});

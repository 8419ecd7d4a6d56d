// The pause gate's refusal (the plugin's words, refusalText) told from any other step error (isPauseRefusal): a
// refusal is the pause holding, so the row shows no error; a server error that merely quotes a refusal is an error.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isPauseRefusal, refusalText } from '../../../src/store/pauseGate';

describe('isPauseRefusal', () => {
  const refusals = [
    refusalText(undefined),
    refusalText({ budget: 'session', limit: 1.8 }),
    refusalText({ budget: 'hour', limit: 0.5, spent: 0.7 }, 'Investigate flaky CI job'),
    refusalText({ budget: 'day', limit: 12_345.678 }, 'Two\r\nlines " is paused by its budget'),
    refusalText({ budget: 'week', limit: 0 }, 'x'.repeat(400)),
  ];

  test('every refusal the plugin words is one, bare or as an Error’s toString()', () => {
    for (const words of refusals) {
      assert.equal(isPauseRefusal(words), true, words);
      assert.equal(isPauseRefusal(`Error: ${words}`), true, words);
    }
  });

  test('an error that quotes a refusal, or changes a word of it, is an error', () => {
    const refusal = refusals[2];
    const others = [
      `APIError: upstream said: ${refusal}`,
      `${refusal} (retrying)`,
      `Error: Error: ${refusal}`,
      `"${refusal}"`,
      refusal.replace('hourly', 'monthly'),
      refusal.replace('$0.50', '$0.5'),
      refusal.replace('$0.50', '$-0.50'),
      refusal.replace('"Investigate flaky CI job"', 'Investigate flaky CI job'),
      refusal.replace('"Investigate flaky CI job"', '"Investigate\nflaky CI job"'),
      refusal.replace('"Investigate flaky CI job"', `"${'x'.repeat(301)}"`),
      refusal.replace('"Investigate flaky CI job"', '""'),
      refusal.replace(' is paused by its ', ' was paused by its '),
      'OpenCode Sessions: rate limited',
      '',
    ];
    for (const message of others) assert.equal(isPauseRefusal(message), false, message);
  });
});

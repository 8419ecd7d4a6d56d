// Per-step rows: one per step-finish part, message tokens only as a fallback; compactions marked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sessionSteps } from '../../../src/present/usageSteps';
import { assistantMessage, storedSession, userMessage } from '../helpers/usageMessages';

/** Rows of a session whose messages the loader read into the store. */
const extractSteps = (items: unknown[], limit?: (p: string, m: string) => number | undefined) => sessionSteps(storedSession(items), limit);

describe('sessionSteps', () => {
  test('one row per step-finish part, even when a message holds several (older servers)', () => {
    const { steps } = extractSteps([
      userMessage('u1', 1),
      assistantMessage('m1', 2, [
        { input: 100, output: 10, cost: 0.1 },
        { input: 200, output: 20, reasoning: 5, read: 50, write: 7, cost: 0.2 },
      ]),
    ]);
    assert.equal(steps.length, 2);
    assert.deepEqual(
      steps.map((s) => [s.n, s.messageID, s.input, s.output, s.reasoning, s.cacheRead, s.cacheWrite, s.cost, s.source]),
      [
        [1, 'm1', 100, 10, 0, 0, 0, 0.1, 'step'],
        [2, 'm1', 200, 20, 5, 50, 7, 0.2, 'step'],
      ],
    );
  });

  test('message tokens stand in for a message without step-finish parts; an empty streaming message is no step', () => {
    const streaming = {
      info: {
        id: 'm3',
        sessionID: 'S',
        role: 'assistant',
        time: { created: 5 },
        cost: 0,
        tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
      },
      parts: [],
    };
    const { steps } = extractSteps([
      assistantMessage('m2', 3, [{ input: 9, output: 1, cost: 0.01 }], 'beta', { noParts: true }),
      streaming,
    ]);
    assert.deepEqual(
      steps.map((s) => [s.messageID, s.input, s.source, s.model]),
      [['m2', 9, 'message', 'scripted/beta']],
    );
  });

  test('sorted by message time whatever the page order; compactions after the steps before them', () => {
    const { steps, compactions } = extractSteps([
      assistantMessage('m3', 30, [{ input: 3, output: 1, cost: 0 }]),
      userMessage('u2', 20, [{ type: 'compaction', auto: false }]),
      assistantMessage('m1', 10, [{ input: 1, output: 1, cost: 0 }]),
      assistantMessage('m2', 25, [{ input: 2, output: 1, cost: 0 }]),
    ]);
    assert.deepEqual(
      steps.map((s) => s.messageID),
      ['m1', 'm2', 'm3'],
    );
    assert.deepEqual(compactions, [1]);
  });

  test('context: the five token kinds of the step over the model limit; unknown limit → undefined', () => {
    const { steps } = extractSteps(
      [
        assistantMessage('m1', 1, [{ input: 40_000, output: 1_000, reasoning: 2_000, read: 6_000, write: 2_000, cost: 0 }]),
        assistantMessage('m2', 2, [{ input: 1, output: 1, cost: 0 }], 'other'),
      ],
      (p, m) => (p === 'scripted' && m === 'alpha' ? 200_000 : undefined),
    );
    assert.equal(steps[0].context, 0.255);
    assert.equal(steps[1].context, undefined);
  });

  test('malformed items and hostile numbers are skipped or counted as 0', () => {
    const bad = {
      info: { id: 'm9', sessionID: 'S', role: 'assistant', time: { created: 1 } },
      parts: [{ id: 'p9', sessionID: 'S', messageID: 'm9', type: 'step-finish', cost: 'x', tokens: { input: -5, output: Number.NaN } }],
    };
    const { steps } = extractSteps([null, 42, { info: {} }, bad]);
    assert.deepEqual(
      steps.map((s) => [s.input, s.output, s.cost]),
      [[0, 0, 0]],
    );
  });

  test('a step the server sent no creation time for is timed where the Timeline draws it: its end', () => {
    const untimed = {
      info: {
        id: 'm2',
        sessionID: 'S',
        role: 'assistant',
        time: { created: 0, completed: 500 },
        cost: 0.01,
        tokens: { input: 5, output: 1, reasoning: 0, cache: { read: 0, write: 0 } },
      },
      parts: [],
    };
    const { steps } = extractSteps([assistantMessage('m1', 100, [{ input: 1, output: 1, cost: 0 }]), untimed]);
    // Rows stay in the step order the store keeps (the untimed one first); the usage page reads ranges in any order.
    assert.deepEqual(Object.fromEntries(steps.map((s) => [s.messageID, s.time])), { m1: 100, m2: 500 });
  });
});

// Context % as OpenCode's TUI computes it, and the model limits read from /config/providers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contextFraction, contextUsage, lastContextMessage, thresholdFraction } from '../../../src/store/contextUsage';
import { parseModelLimits } from '../../../src/client/v1/catalogs';
import { SessionStore } from '../../../src/store/sessionStore';
import { contextText } from '../../../src/present/tooltipRows';
import { assistantMessageEvent, feed, record, sessionEvent, sessionInfo, tokens } from '../helpers/factories';

function withMessages(...events: Parameters<typeof assistantMessageEvent>[0][]): SessionStore {
  const store = new SessionStore();
  feed(store, sessionEvent('session.created', sessionInfo({ id: 'S', tokens: tokens(0), cost: 0 })), ...events.map(assistantMessageEvent));
  return store;
}

const limits = (providerID: string, modelID: string) => (providerID === 'fake' && modelID === 'fake-model' ? 200_000 : undefined);

describe('contextUsage', () => {
  test('the last assistant message with output: all five token kinds over the limit', () => {
    const store = withMessages(
      { id: 'm1', sessionID: 'S', tokens: tokens(10_000, 500), created: 1 },
      // input 40 000, output 1 000, reasoning 2 000, cache read 6 000, cache write 2 000 → 51 000
      { id: 'm2', sessionID: 'S', tokens: tokens(40_000, 1_000, 2_000, 6_000, 2_000), created: 2 },
    );
    const context = contextUsage(record(store, 'S').messages.values(), limits);
    assert.deepEqual(context, { tokens: 51_000, modelID: 'fake-model', providerID: 'fake', limit: 200_000 });
    assert.equal(contextFraction(context), 0.255);
    assert.equal(contextText(context), '25.5% (51,000 of 200,000 tokens)');
  });

  test('a newer message still without output (streaming) does not count', () => {
    const store = withMessages(
      { id: 'm1', sessionID: 'S', tokens: tokens(10_000, 500), created: 1 },
      { id: 'm2', sessionID: 'S', tokens: tokens(90_000, 0), created: 2 },
    );
    assert.equal(lastContextMessage(record(store, 'S').messages.values())?.id, 'm1');
    assert.equal(contextUsage(record(store, 'S').messages.values(), limits)?.tokens, 10_500);
  });

  test('order is by creation time, not arrival', () => {
    const store = withMessages(
      { id: 'm2', sessionID: 'S', tokens: tokens(2_000, 20), created: 20 },
      { id: 'm1', sessionID: 'S', tokens: tokens(1_000, 10), created: 10 },
    );
    assert.equal(lastContextMessage(record(store, 'S').messages.values())?.id, 'm2');
  });

  test('no reply yet: unknown; unknown model: tokens without a percentage', () => {
    assert.equal(contextUsage(record(withMessages(), 'S').messages.values(), limits), undefined);
    const context = contextUsage(
      record(withMessages({ id: 'm', sessionID: 'S', tokens: tokens(1_234, 1) }), 'S').messages.values(),
      () => undefined,
    );
    assert.equal(contextFraction(context!), undefined);
    assert.equal(contextText(context!), '1,235 tokens');
  });
});

describe('parseModelLimits', () => {
  test('keeps provider/model → limit.context and nothing else (no API keys)', () => {
    const response = {
      providers: [
        {
          id: 'scripted',
          options: { apiKey: 'sk-secret' },
          models: { alpha: { limit: { context: 200_000, output: 32_000 } }, beta: { limit: { context: 100_000, output: 16_000 } } },
        },
        { id: 'broken', models: { a: { limit: { context: 'big' } }, b: {}, c: null, d: { limit: { context: -1 } } } },
        'nonsense',
      ],
      default: { scripted: 'alpha' },
    };
    const limits = parseModelLimits(response);
    assert.deepEqual(
      [...limits],
      [
        ['scripted/alpha', 200_000],
        ['scripted/beta', 100_000],
      ],
    );
    assert.ok(!JSON.stringify([...limits]).includes('sk-secret'));
  });

  test('a malformed answer gives no limits', () => {
    for (const bad of [undefined, null, [], { providers: 'x' }]) assert.equal(parseModelLimits(bad).size, 0);
  });
});

describe('thresholdFraction', () => {
  test('the setting as a fraction, kept within 1–100 %, 90 % when unset or unreadable', () => {
    assert.deepEqual(
      [90, 75.5, 0, -5, 150, undefined, '80', Number.NaN].map(thresholdFraction),
      [0.9, 0.755, 0.01, 0.01, 1, 0.9, 0.9, 0.9],
    );
  });
});

// The models the usage panel's summary names: the MODELS_NAMED costliest (list-price estimates counted), costliest
// first and the first called first among equals, each with the sums of its own steps, and the rest as one count and
// the exact sums of their steps; the last message's steps (still changing) counted as the others are.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runNow } from '../../../src/base/slices';
import { buildSummary } from '../../../src/present/usageSummary';
import { StepList } from '../../../src/present/usageStepList';
import { MODELS_NAMED, type StepRow } from '../../../src/present/usageRows';
import { sessionSteps } from '../../../src/present/usageSteps';
import type { StoreEvent } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { addUsageInto, ZERO_USAGE, type Usage } from '../../../src/store/usage';

const limit = () => 200_000;
const T0 = 1_700_000_000_000;

let seq = 0;
/** A reply of one step on `model`, of whole dollars (exact sums) and tokens that say which reply it was. */
function reply(model: string, cost: number): StoreEvent {
  const i = seq++;
  return {
    type: 'message.assistant',
    info: {
      id: `msg_${String(i).padStart(6, '0')}`,
      sessionID: 'S',
      role: 'assistant',
      cost,
      tokens: { input: 1_000 + i, output: 10 * i, reasoning: i % 3, cache: { read: 7 * i, write: i } },
      providerID: 'p',
      modelID: model,
      time: { created: T0 + i * 1_000, completed: T0 + i * 1_000 + 500 },
    },
  };
}

function sessionOf(replies: StoreEvent[]): SessionStore {
  const store = new SessionStore(() => T0);
  store.apply({ type: 'session.upsert', info: { id: 'S', title: 'S', directory: '/w', time: { created: T0, updated: T0 } } });
  for (const event of replies) store.apply(event);
  return store;
}

/** Every model's sums by a pass over the steps, in the order first called. */
function sumsByModel(rows: readonly StepRow[]): Map<string, Usage> {
  const sums = new Map<string, Usage>();
  for (const row of rows) {
    const label = row.model;
    if (!sums.has(label)) sums.set(label, { ...ZERO_USAGE });
    addUsageInto(sums.get(label)!, row);
  }
  return sums;
}

function summaryOf(store: SessionStore, list: StepList) {
  const record = store.get('S')!;
  return buildSummary({
    record,
    server: 'x',
    inclusive: record.own,
    descendants: [],
    trend: { days: [], pending: 0, sessions: 0 },
    ...runNow(list.shares()),
    compactions: list.compactions,
    threshold: 0.9,
    loading: false,
  });
}

describe('the models a usage summary names', () => {
  test('more models than named: the costliest with their own sums, the rest one count and the exact remainder', () => {
    // 20 models called in turn, three rounds: model k costs k % 7 + 1 dollars a step, so some tie at the cut.
    const replies: StoreEvent[] = [];
    for (let round = 0; round < 3; round++) for (let k = 0; k < 20; k++) replies.push(reply(`m${k}`, (k % 7) + 1));
    const store = sessionOf(replies);
    const list = new StepList();
    list.rebuild(store.get('S')!, limit);
    const summary = summaryOf(store, list);

    const sums = sumsByModel(sessionSteps(store.get('S')!, limit).steps);
    // Costliest first; among equals the first called (a stable sort of every model gives the same).
    const ranked = [...sums].sort(([, a], [, b]) => b.cost - a.cost);
    const named = ranked.slice(0, MODELS_NAMED);
    assert.deepEqual(
      summary.byModel.map((m) => [m.label, m.usage]),
      named,
    );
    assert.deepEqual(
      summary.byModel.map((m) => m.label),
      ['m6', 'm13', 'm5', 'm12', 'm19', 'm4', 'm11', 'm18', 'm3', 'm10', 'm17', 'm2'].map((m) => `p/${m}`),
    );
    const rest = { ...ZERO_USAGE };
    for (const [, usage] of ranked.slice(MODELS_NAMED)) addUsageInto(rest, usage);
    assert.deepEqual(summary.otherModels, { count: 20 - MODELS_NAMED, usage: rest });
    // Every step is counted once: the named and the rest make the session's total.
    const others = summary.otherModels;
    assert.ok(others);
    const total = { ...ZERO_USAGE };
    for (const m of [...summary.byModel.map((m) => m.usage), others.usage]) addUsageInto(total, m);
    assert.equal(total.cost, 3 * [...Array(20).keys()].reduce((sum, k) => sum + (k % 7) + 1, 0));
    assert.equal(
      total.input,
      sessionSteps(store.get('S')!, limit).steps.reduce((sum, r) => sum + r.input, 0),
    );
  });

  test('as many models as named, or fewer: every one named, no rest', () => {
    const store = sessionOf(Array.from({ length: MODELS_NAMED }, (_, k) => reply(`n${k}`, k)));
    const list = new StepList();
    list.rebuild(store.get('S')!, limit);
    const summary = summaryOf(store, list);
    assert.equal(summary.byModel.length, MODELS_NAMED);
    assert.equal(summary.byModel[0].label, `p/n${MODELS_NAMED - 1}`);
    assert.equal('otherModels' in summary, false);
  });

  test('the last message’s steps count: a model of the rest named once it costs more, a new one counted', () => {
    const replies = Array.from({ length: 15 }, (_, k) => reply(`m${k}`, 10 + k));
    const store = sessionOf(replies);
    const list = new StepList();
    list.rebuild(store.get('S')!, limit);
    assert.equal(summaryOf(store, list).byModel.at(-1)!.label, 'p/m3');
    // m0 (the cheapest, in the rest) is called again, for more than any other model, then a model not seen before.
    for (const event of [reply('m0', 100), reply('fresh', 1)]) {
      const change = store.apply(event);
      list.update(store.get('S')!, change.messages?.get('S') ?? new Set(), limit);
    }
    const summary = summaryOf(store, list);
    assert.equal(summary.byModel[0].label, 'p/m0');
    assert.equal(summary.byModel[0].usage.cost, 110);
    assert.deepEqual(
      summary.byModel.map((m) => m.label),
      ['m0', 'm14', 'm13', 'm12', 'm11', 'm10', 'm9', 'm8', 'm7', 'm6', 'm5', 'm4'].map((m) => `p/${m}`),
    );
    assert.equal(summary.otherModels?.count, 4);
    assert.equal(summary.otherModels?.usage.cost, 11 + 12 + 13 + 1);
  });
});

// List prices for steps OpenCode recorded at cost 0: the server's catalog read, OpenCode's formula, which
// listing stands for a model, and the sums a tree row and a task tree show.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { listingFor, MODEL_ID_ALIASES, originProvider } from '../../../src/store/price/listingMatch';
import { listPricer, NO_LIST_PRICES } from '../../../src/store/price/listPricer';
import { inclusiveListSum, listPricedSessions, listSumOf, recordListSum } from '../../../src/store/price/listSum';
import { parsePriceCatalog } from '../../../src/client/v1/catalogs';
import type { ModelListing } from '../../../src/store/price/priceCatalog';
import { pricesFor, stepCostAt } from '../../../src/store/price/stepPrice';
import { repliesOf } from '../../../src/store/budgetWindows';
import { buildSessionStatus } from '../../../src/store/sessionStatus';
import { statusSessions } from '../../../src/store/sessionStatusInput';
import { SessionStore } from '../../../src/store/sessionStore';
import { runNow } from '../../../src/base/slices';
import { StepList } from '../../../src/present/usageStepList';
import { sessionSteps } from '../../../src/present/usageSteps';
import { buildSummary } from '../../../src/present/usageSummary';
import { assistantMessageEvent, feed, sessionEvent, sessionInfo, tokens, usage } from '../helpers/factories';

type Cost = { input: number; output: number; cache?: { read: number; write: number }; tiers?: unknown[]; experimentalOver200K?: unknown };

/** A model as `GET /provider` lists it (1.18.33's shape). */
function model(id: string, cost: unknown, family?: string): [string, Record<string, unknown>] {
  return [id, { id, name: id, family: family ?? '', cost, limit: { context: 200_000, output: 32_000 }, options: { apiKey: 'never-read' } }];
}
function provider(id: string, name: string, ...models: Array<[string, Record<string, unknown>]>): Record<string, unknown> {
  return { id, name, source: 'custom', env: [], options: { apiKey: 'secret' }, models: Object.fromEntries(models) };
}
function catalog(...providers: unknown[]) {
  return parsePriceCatalog({ all: providers, default: {}, connected: [] });
}
const priced = (input: number, output: number, read = 0, write = 0): Cost => ({ input, output, cache: { read, write } });
const FREE = priced(0, 0);

describe('parsePriceCatalog', () => {
  test('keeps prices, context tiers and the over-200K prices of each model; skips malformed entries', () => {
    const c = catalog(
      provider(
        'anthropic',
        'Anthropic',
        model('claude-sonnet-4-5', priced(3, 15, 0.3, 3.75), 'claude-sonnet'),
        model('broken', { input: 'x', output: 1 }),
        model('no-cost', undefined),
      ),
      provider(
        'google',
        'Google',
        model('gemini-2.5-pro', {
          ...priced(1.25, 10, 0.125),
          tiers: [
            { input: 2.5, output: 15, cache: { read: 0.25, write: 0 }, tier: { type: 'context', size: 200_000 } },
            { input: 9, output: 9, tier: { type: 'volume', size: 1 } },
            'junk',
          ],
          experimentalOver200K: priced(2.5, 15, 0.25),
        }),
      ),
      { id: 42, models: {} },
      'junk',
      provider('empty', 'Empty'),
    );
    assert.deepEqual(c.providers, ['anthropic', 'google', 'empty']);
    assert.deepEqual([...c.models.keys()], ['anthropic/claude-sonnet-4-5', 'google/gemini-2.5-pro']);
    const sonnet = c.models.get('anthropic/claude-sonnet-4-5')!;
    assert.deepEqual(sonnet.prices, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    assert.equal(sonnet.family, 'claude-sonnet');
    assert.equal(sonnet.providerName, 'Anthropic');
    const gemini = c.models.get('google/gemini-2.5-pro')!;
    assert.deepEqual(gemini.tiers, [{ input: 2.5, output: 15, cacheRead: 0.25, cacheWrite: 0, size: 200_000 }]);
    assert.deepEqual(gemini.over200K, { input: 2.5, output: 15, cacheRead: 0.25, cacheWrite: 0 });
    assert.equal(JSON.stringify([...c.models.values()]).includes('secret'), false);
    assert.equal(JSON.stringify([...c.models.values()]).includes('never-read'), false);
  });

  test('anything that is not a catalog is an empty one', () => {
    for (const answer of [undefined, null, 'html', [], { all: 'x' }]) assert.equal(parsePriceCatalog(answer).models.size, 0);
  });
});

describe('stepCostAt: OpenCode formula', () => {
  const listing = (over: Partial<ModelListing> = {}): ModelListing => ({
    providerID: 'p',
    providerName: 'P',
    modelID: 'm',
    prices: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    tiers: [],
    ...over,
  });

  test('input, output, cache read and write per million; reasoning at the output price', () => {
    // 1000·3 + 200·15 + 500·0.3 + 100·3.75 + 50·15 = 3000 + 3000 + 150 + 375 + 750 = 7275 → $0.007275
    assert.ok(Math.abs(stepCostAt(listing(), usage(1000, 200, 50, 500, 100)) - 0.007275) < 1e-12);
  });

  test('the largest context tier the prompt (input + cache read + cache write) is above wins', () => {
    const tiers = [
      { input: 5, output: 20, cacheRead: 0.5, cacheWrite: 5, size: 32_000 },
      { input: 7, output: 30, cacheRead: 0.7, cacheWrite: 7, size: 128_000 },
    ];
    const l = listing({ tiers });
    assert.equal(pricesFor(l, usage(32_000)).input, 3, 'at the size exactly: base prices');
    assert.equal(pricesFor(l, usage(20_000, 0, 0, 12_001)).input, 5);
    assert.equal(pricesFor(l, usage(100_000, 0, 0, 20_000, 8_001)).input, 7);
  });

  test('experimentalOver200K applies above 200 000 prompt tokens when no tier does', () => {
    const over200K = { input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5 };
    const l = listing({ over200K });
    assert.equal(pricesFor(l, usage(200_000)).input, 3);
    assert.equal(pricesFor(l, usage(150_000, 0, 0, 50_001)).input, 6);
    assert.equal(
      pricesFor(listing({ over200K, tiers: [{ input: 9, output: 9, cacheRead: 0, cacheWrite: 0, size: 100_000 }] }), usage(250_000)).input,
      9,
    );
  });

  test('a sum of unread steps is priced at the base prices', () => {
    const l = listing({ over200K: { input: 6, output: 6, cacheRead: 0, cacheWrite: 0 } });
    assert.equal(stepCostAt(l, usage(1_000_000), true), 3);
  });
});

describe('listingFor', () => {
  const c = catalog(
    provider(
      'github-copilot',
      'GitHub Copilot',
      model('claude-sonnet-4.6', FREE, 'claude-sonnet'),
      model('gpt-5.4', FREE, 'gpt'),
      model('mystery', FREE),
    ),
    provider(
      'reseller',
      'Reseller',
      model('claude-sonnet-4-6', priced(9, 45)),
      model('claude-sonnet-4.6', priced(9, 45)),
      model('gpt-5.4', priced(9, 45)),
    ),
    provider('anthropic', 'Anthropic', model('claude-sonnet-4-6', priced(3, 15, 0.3, 3.75), 'claude-sonnet')),
    provider('openai', 'OpenAI', model('gpt-5.4', priced(2.5, 15, 0.25))),
    provider('opencode', 'OpenCode Zen', model('mimo-v2.6-flash-free', FREE, 'mimo')),
    provider('xiaomi', 'Xiaomi', model('mimo-v2.6-flash', priced(0.1, 0.3))),
    provider('scripted', 'Scripted', model('alpha', FREE)),
    provider('listed', 'Listed', model('alpha', priced(3, 15))),
    provider('local', 'Local', model('llama-local', FREE)),
    provider('unpriced-too', 'Other', model('llama-local', FREE)),
  );

  test("prefers the model's origin provider over other priced listings", () => {
    assert.equal(listingFor(c, 'github-copilot', 'gpt-5.4')?.providerID, 'openai');
  });

  test('Copilot ids with dots map to the origin id, before any reseller listing the dotted id', () => {
    const found = listingFor(c, 'github-copilot', 'claude-sonnet-4.6');
    assert.equal(found?.providerID, 'anthropic');
    assert.equal(found?.modelID, 'claude-sonnet-4-6');
  });

  test('a Zen free model: its priced listing without the -free suffix', () => {
    assert.equal(listingFor(c, 'opencode', 'mimo-v2.6-flash-free')?.providerID, 'xiaomi');
  });

  test('a vendor/model id names its origin', () => {
    const routed = catalog(
      provider('router', 'Router', model('anthropic/claude-sonnet-4-6', FREE)),
      provider('anthropic', 'Anthropic', model('claude-sonnet-4-6', priced(3, 15))),
    );
    assert.equal(listingFor(routed, 'router', 'anthropic/claude-sonnet-4-6')?.providerID, 'anthropic');
  });

  test('without a known origin: the same id priced under another provider', () => {
    assert.equal(listingFor(c, 'scripted', 'alpha')?.providerID, 'listed');
  });

  test('no priced listing anywhere: undefined, never a zero price or a similar name', () => {
    assert.equal(listingFor(c, 'local', 'llama-local'), undefined);
    assert.equal(listingFor(c, 'github-copilot', 'mystery'), undefined);
    assert.equal(listingFor(c, 'nowhere', 'claude-sonnet-9'), undefined);
  });

  for (const [from, to] of Object.entries(MODEL_ID_ALIASES)) {
    test(`alias ${from} → anthropic ${to}`, () => {
      const aliased = catalog(
        provider('github-copilot', 'GitHub Copilot', model(from, FREE)),
        provider('anthropic', 'Anthropic', model(to, priced(3, 15))),
      );
      assert.equal(listingFor(aliased, 'github-copilot', from)?.modelID, to);
    });
  }

  test('origins by id and family', () => {
    assert.equal(originProvider('claude-opus-4-7'), 'anthropic');
    assert.equal(originProvider('o3-mini'), 'openai');
    assert.equal(originProvider('gpt-5.4'), 'openai');
    assert.equal(originProvider('gemini-2.5-pro'), 'google');
    assert.equal(originProvider('grok-4'), 'xai');
    assert.equal(originProvider('big-pickle', 'big-pickle'), undefined);
    assert.equal(originProvider('x', 'claude-sonnet'), 'anthropic');
  });
});

describe('list-price sums', () => {
  const c = catalog(provider('fake', 'Fake', model('fake-model', FREE)), provider('listed', 'Listed', model('fake-model', priced(2, 10))));
  const pricer = listPricer(c);

  test('only steps recorded at 0 with tokens get a list price; no listing counts its tokens apart', () => {
    const sum = listSumOf(
      [
        { providerID: 'fake', modelID: 'fake-model', usage: usage(1000, 100) },
        { providerID: 'fake', modelID: 'fake-model', usage: usage(1000, 100, 0, 0, 0, 0.5) },
        { providerID: 'fake', modelID: 'fake-model', usage: usage(0) },
        { providerID: 'local', modelID: 'nothing', usage: usage(300, 30) },
      ],
      pricer,
    );
    assert.ok(Math.abs(sum.listCost - (1000 * 2 + 100 * 10) / 1e6) < 1e-12);
    assert.equal(sum.unlistedTokens, 330);
    assert.deepEqual(sum.sources, ['Listed']);
    assert.equal(NO_LIST_PRICES.price('fake', 'fake-model', usage(10)), null);
  });

  test("a session's own sum from its steps; the inclusive sum counts each descendant once", () => {
    const store = new SessionStore();
    feed(
      store,
      sessionEvent('session.created', sessionInfo({ id: 'root', tokens: tokens(1000, 100), cost: 0 })),
      sessionEvent('session.created', sessionInfo({ id: 'child', parentID: 'root', tokens: tokens(500, 50), cost: 0 })),
      sessionEvent('session.created', sessionInfo({ id: 'grandchild', parentID: 'child', tokens: tokens(200, 20), cost: 0 })),
      assistantMessageEvent({ id: 'm1', sessionID: 'root', tokens: tokens(1000, 100), cost: 0 }),
      assistantMessageEvent({ id: 'm2', sessionID: 'child', tokens: tokens(500, 50), cost: 0 }),
      assistantMessageEvent({ id: 'm3', sessionID: 'grandchild', tokens: tokens(200, 20), cost: 0 }),
    );
    const own = (id: string) => recordListSum(store.get(id)!, pricer);
    assert.ok(Math.abs(own('root').listCost - 0.003) < 1e-12);
    const tree = inclusiveListSum(store, 'root', (r) => recordListSum(r, pricer));
    assert.ok(Math.abs(tree.listCost - (1700 * 2 + 170 * 10) / 1e6) < 1e-12);
  });

  test("totals beyond the steps read are priced at the session model's base prices", () => {
    const store = new SessionStore();
    const info = { ...sessionInfo({ id: 's', tokens: tokens(3000, 300), cost: 0 }), model: { id: 'fake-model', providerID: 'fake' } };
    feed(
      store,
      sessionEvent('session.created', info),
      assistantMessageEvent({ id: 'm1', sessionID: 's', tokens: tokens(1000, 100), cost: 0 }),
    );
    assert.ok(Math.abs(recordListSum(store.get('s')!, pricer).listCost - (3000 * 2 + 300 * 10) / 1e6) < 1e-12);
  });
});

test('a catalog read redraws only the sessions with a list price and their ancestors', () => {
  const store = new SessionStore();
  feed(
    store,
    sessionEvent('session.created', sessionInfo({ id: 'root', tokens: tokens(1000, 100), cost: 0.5 })),
    sessionEvent('session.created', sessionInfo({ id: 'free-child', parentID: 'root', tokens: tokens(500, 50), cost: 0 })),
    sessionEvent('session.created', sessionInfo({ id: 'paid', tokens: tokens(200, 20), cost: 0.1 })),
    sessionEvent('session.created', sessionInfo({ id: 'mixed', tokens: tokens(300, 30), cost: 0.2 })),
    sessionEvent('session.created', sessionInfo({ id: 'empty', cost: 0 })),
    assistantMessageEvent({ id: 'm1', sessionID: 'mixed', tokens: tokens(100, 10), cost: 0.2 }),
    assistantMessageEvent({ id: 'm2', sessionID: 'mixed', tokens: tokens(200, 20), cost: 0 }),
  );
  assert.deepEqual([...listPricedSessions(store)].sort(), ['free-child', 'mixed', 'root']);
});

describe('list prices in budgets and session_status', () => {
  const c = catalog(provider('fake', 'Fake', model('fake-model', FREE)), provider('listed', 'Listed', model('fake-model', priced(2, 10))));
  const store = new SessionStore();
  feed(
    store,
    sessionEvent('session.created', sessionInfo({ id: 's', tokens: tokens(2000, 200), cost: 0.5 })),
    assistantMessageEvent({ id: 'm1', sessionID: 's', tokens: tokens(1000, 100), cost: 0, created: 5_000 }),
    assistantMessageEvent({ id: 'm2', sessionID: 's', tokens: tokens(1000, 100), cost: 0.5, created: 6_000 }),
  );

  test('budget windows count a reply recorded at $0 at its list price only when asked', () => {
    assert.deepEqual(
      [...repliesOf(store.all())].map((r) => r.cost),
      [0, 0.5],
    );
    assert.deepEqual(
      [...repliesOf(store.all(), listPricer(c))].map((r) => r.cost),
      [0.003, 0.5],
    );
  });

  test('session_status: recorded cost and list cost apart, with the listing named', () => {
    const status = buildSessionStatus({
      sessionId: 's',
      server: 'x',
      sessions: statusSessions(store, 's', () => undefined, listPricer(c))!,
      compactAt: 0.9,
      budgets: null,
    })!;
    assert.equal(status.usage.session.cost, 0.5);
    assert.ok(Math.abs(status.usage.session.listCost! - 0.003) < 1e-12);
    assert.equal(status.usage.lastTurn!.listCost, 0);
    assert.deepEqual(status.listPrice, { sources: ['Listed'], models: ['listed/fake-model'], unlistedTokens: 0 });
    const unknown = buildSessionStatus({
      sessionId: 's',
      server: 'x',
      sessions: statusSessions(store, 's', () => undefined, NO_LIST_PRICES)!,
      compactAt: 0.9,
      budgets: null,
    })!;
    assert.equal(unknown.usage.session.listCost, null, 'no list price: null, never 0');
    assert.equal(unknown.listPrice!.unlistedTokens, 1100);
    const without = buildSessionStatus({
      sessionId: 's',
      server: 'x',
      sessions: statusSessions(store, 's', () => undefined)!,
      compactAt: 0.9,
      budgets: null,
    })!;
    assert.equal(without.listPrice, null);
  });
});

describe('list prices in the usage panel', () => {
  test('each step carries its list price apart from its cost; per model they add up', () => {
    const c = catalog(
      provider('fake', 'Fake', model('fake-model', FREE)),
      provider('listed', 'Listed', model('fake-model', priced(2, 10))),
    );
    const store = new SessionStore();
    feed(
      store,
      sessionEvent('session.created', sessionInfo({ id: 's', tokens: tokens(2000, 200), cost: 0.5 })),
      assistantMessageEvent({ id: 'm1', sessionID: 's', tokens: tokens(1000, 100), cost: 0 }),
      assistantMessageEvent({ id: 'm2', sessionID: 's', tokens: tokens(1000, 100), cost: 0.5, created: 3_000 }),
    );
    const record = store.get('s')!;
    const { steps } = sessionSteps(record, undefined, listPricer(c));
    assert.deepEqual(
      steps.map((s) => [s.cost, s.listCost]),
      [
        [0, 0.003],
        [0.5, undefined],
      ],
    );
    assert.deepEqual(
      sessionSteps(record, undefined, NO_LIST_PRICES).steps.map((s) => s.listCost),
      [null, undefined],
    );
    assert.equal(sessionSteps(record).steps[0].listCost, undefined, 'without a pricer: no column value');
    // The panel's shares, from its StepList of the same rows.
    const listed = new StepList();
    listed.rebuild(record, () => undefined, listPricer(c));
    const summary = buildSummary({
      record,
      server: 'x',
      inclusive: record.own,
      descendants: [],
      trend: { days: [], pending: 0, sessions: 0 },
      ...runNow(listed.shares()),
      compactions: [],
      threshold: 0.9,
      loading: false,
    });
    assert.deepEqual(
      summary.byModel.map((m) => [m.label, m.usage.cost, m.listCost]),
      [['fake/fake-model', 0.5, 0.003]],
    );
  });
});

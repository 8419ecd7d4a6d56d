// List prices (src/store/price): a session's steps recorded at $0 priced from the server's own catalog (V1's
// `GET /provider`, read by parsePriceCatalog), summed over a session tree, and the sessions whose rows show them.
// The server sends the catalog (any number of tiers for a model, any number of listings) and the sessions (any
// number of steps, sub-agents on any number of models, any depth): steps × tiers and descendants × listings are
// the products to watch. Beside them, the other sums a row takes of a session's messages: its context and last summary.
import assert from 'node:assert/strict';
import { parsePriceCatalog } from '../../../src/client/v1/catalogs';
import { summaryTokens } from '../../../src/store/compactionContext';
import { contextUsage } from '../../../src/store/contextUsage';
import type { SessionInfo } from '../../../src/store/events';
import type { PriceCatalog } from '../../../src/store/price/priceCatalog';
import { listPricer } from '../../../src/store/price/listPricer';
import { originProvider } from '../../../src/store/price/listingMatch';
import { listFigures, listPricedSessions, wantsListPrice } from '../../../src/store/price/listSum';
import { SessionStore } from '../../../src/store/sessionStore';
import { reader, type Reader } from '../reader';

const TOKENS = { input: 1000, output: 20, reasoning: 0, cache: { read: 0, write: 0 } };

function info(id: string, parentID?: string): SessionInfo {
  return { id, ...(parentID && { parentID }), title: id, directory: '/w', time: { created: 1, updated: 1 } };
}

/** `GET /provider` listing `models` models at Anthropic, model i with `tiers(i)` context tiers; served at $0 by `free`. */
function catalogAnswer(models: number, tiers: number) {
  const price = { input: 3, output: 15, cache: { read: 0.3, write: 3.75 } };
  const entries = (provider: string) =>
    Object.fromEntries(
      Array.from({ length: models }, (_, i) => [
        `claude-${i}`,
        {
          id: `claude-${i}`,
          cost: {
            ...(provider === 'free' ? { input: 0, output: 0 } : price),
            tiers: Array.from({ length: tiers }, (_, t) => ({ ...price, input: 3 + t, tier: { type: 'context', size: t * 10 } })),
          },
        },
      ]),
    );
  return {
    all: [
      { id: 'anthropic', name: 'Anthropic', models: entries('anthropic') },
      { id: 'free', name: 'Free', models: entries('free') },
    ],
  };
}

interface Scene {
  store: SessionStore;
  root: string;
  /** The server's catalog, read once per server as the client reads it (its reader is registered of its own). */
  catalog: PriceCatalog;
}

/** A session tree fed as a server feeds it: `steps[i]` zero-cost steps for session i on model `model(i)`. */
function tree(sessions: number, parentOf: (i: number) => string | undefined, steps: (i: number) => number, model: (i: number) => number) {
  const store = new SessionStore(() => 0);
  store.loadSnapshot(
    Array.from({ length: sessions }, (_, i) => info(`s${i}`, parentOf(i))),
    {},
  );
  for (let i = 0; i < sessions; i++)
    for (let m = 0; m < steps(i); m++)
      store.apply({
        type: 'message.assistant',
        info: {
          id: `s${i}_m${m}`,
          sessionID: `s${i}`,
          role: 'assistant',
          cost: 0,
          tokens: TOKENS,
          providerID: 'free',
          modelID: `claude-${model(i)}`,
          time: { created: m, completed: m + 1 },
        },
      });
  return store;
}

export const listPricesReaders: Array<Reader<unknown, unknown>> = [
  reader<Scene>({
    name: "A session tree's list prices from the server's catalog (listFigures, listSumOf, pricesFor, listPricedSessions)",
    covers: [
      'src/store/price/listSum.ts#listFigures',
      'src/store/price/listSum.ts#inclusiveListSum',
      'src/store/price/listSum.ts#recordListSum',
      'src/store/price/listSum.ts#listSumOf',
      'src/store/price/listSum.ts#sumOfListSums',
      'src/store/price/listSum.ts#listPricedSessions',
      'src/store/price/listSum.ts#wantsListPrice',
      'src/store/price/listPricer.ts#listPricer',
      'src/store/price/listingMatch.ts#listingFor',
      'src/store/price/listingMatch.ts#originProvider',
      'src/store/price/priceCatalog.ts#isPriced',
      'src/store/price/stepPrice.ts#pricesFor',
      'src/store/price/stepPrice.ts#stepCostAt',
      'src/store/ancestors.ts#selfAndAncestors',
      'src/store/recordSteps.ts#unorderedSteps',
    ],
    // 10n is 10 000 steps, sub-agents or catalog tiers.
    n: 1_000,
    read: ({ store, root, catalog }) => {
      const pricer = listPricer(catalog);
      const figures = listFigures(store, root, pricer)!;
      const priced = listPricedSessions(store);
      return {
        listings: figures.inclusive.listings.length,
        sources: figures.inclusive.sources,
        cost: figures.inclusive.listCost,
        priced: priced.size,
        wants: wantsListPrice(store.get(root)!),
        origin: originProvider('claude-x'),
      };
    },
    shapes: [
      {
        name: 'one session of n steps at $0 on a model listed once',
        make: (n) => ({
          store: tree(
            1,
            () => undefined,
            () => n,
            () => 0,
          ),
          root: 's0',
          catalog: parsePriceCatalog(catalogAnswer(1, 1)),
        }),
      },
      {
        // Every step's prices are picked among its listing's tiers: a catalog may list any number of them.
        name: 'one session of n steps at $0 on a model the catalog lists with n context tiers',
        make: (n) => ({
          store: tree(
            1,
            () => undefined,
            () => n,
            () => 0,
          ),
          root: 's0',
          catalog: parsePriceCatalog(catalogAnswer(1, n)),
        }),
        worst: true,
      },
      {
        // The tree's sum adds each sub-agent's: n listings, n sources of them would be copied per sub-agent.
        name: 'n sub-agents under one session, each at $0 on a model of its own',
        make: (n) => ({
          store: tree(
            n + 1,
            (i) => (i ? 's0' : undefined),
            (i) => (i ? 1 : 0),
            (i) => i,
          ),
          root: 's0',
          catalog: parsePriceCatalog(catalogAnswer(n + 1, 1)),
        }),
        worst: true,
      },
      {
        // Every session at $0 names itself and its ancestors: n walks up an n-deep chain.
        name: 'a chain of sub-agents n deep, each at $0',
        make: (n) => ({
          store: tree(
            n,
            (i) => (i ? `s${i - 1}` : undefined),
            () => 1,
            () => 0,
          ),
          root: 's0',
          catalog: parsePriceCatalog(catalogAnswer(1, 1)),
        }),
        worst: true,
      },
    ],
    check: (answer, n, shape) => {
      const a = answer as { listings: number; sources: string[]; cost: number; priced: number; wants: boolean; origin?: string };
      assert.equal(a.origin, 'anthropic');
      assert.deepEqual(a.sources, ['Anthropic']);
      assert.ok(a.cost > 0, `a list price: ${a.cost}`);
      if (shape.startsWith('n sub-agents')) assert.deepEqual([a.listings, a.priced], [n, n + 1]);
      else if (shape.startsWith('a chain')) assert.deepEqual([a.listings, a.priced, a.wants], [1, n, true]);
      else assert.deepEqual([a.listings, a.priced, a.wants], [1, 1, true]);
    },
  }),
];

/** A session of n assistant messages as a server's listing and events leave them (the newest with output last, or first). */
function messages(n: number, newestFirst: boolean): SessionStore {
  const store = new SessionStore(() => 0);
  store.loadSnapshot([info('s0')], {});
  for (let i = 0; i < n; i++) {
    const created = newestFirst ? n - i : i;
    store.apply({
      type: 'message.assistant',
      info: {
        id: `m${i}`,
        sessionID: 's0',
        role: 'assistant',
        cost: 0.01,
        tokens: TOKENS,
        providerID: 'p',
        modelID: 'm',
        summary: i % 7 === 0,
        time: { created },
      },
    });
  }
  return store;
}

listPricesReaders.push(
  reader<SessionStore>({
    name: "A session's context and its last summary from its messages (contextUsage, lastContextMessage, summaryTokens)",
    covers: [
      'src/store/contextUsage.ts#contextUsage',
      'src/store/contextUsage.ts#lastContextMessage',
      'src/store/compactionContext.ts#summaryTokens',
    ],
    // 10n is 10 000 messages.
    n: 1_000,
    read: (store) => {
      const record = store.get('s0')!;
      return { context: contextUsage(record.messages.values(), () => 200_000), summary: summaryTokens(record.messages.values()) };
    },
    shapes: [
      { name: 'n messages, oldest first', make: (n) => messages(n, false) },
      { name: 'n messages, newest first', make: (n) => messages(n, true), worst: true },
    ],
    check: (answer) => {
      const a = answer as { context?: { tokens: number; limit?: number }; summary?: number };
      assert.deepEqual([a.context?.tokens, a.context?.limit, a.summary], [1020, 200_000, 1020]);
    },
  }),
);

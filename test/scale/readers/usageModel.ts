// The usage panel's model (UsageModel) and what the panel posts at each of its changes (modelPost): a session's
// pages read newest first into the store, each frame's change followed, the rows built again only as the messages
// double, then live steps one frame each, every change posted as the report or the rows from the first that changed.
// A server decides how many steps a session has, how its pages come, and how many models it names.
import assert from 'node:assert/strict';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { Emitter } from '../../../src/base/emitter';
import { modelPost, POST_ROWS } from '../../../src/features/usage/modelPost';
import { UsageModel } from '../../../src/features/usage/usageModel';
import { MODELS_NAMED } from '../../../src/present/usageRows';
import type { SessionRecord } from '../../../src/store/sessionRecord';
import type { StoreEvent } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { emptyChange, mergeStoreChange, type StoreChange } from '../../../src/store/storeChange';
import { reader, type Reader } from '../reader';

const T0 = 1_700_000_000_000;
const TOKENS = { input: 1_000, output: 20, reasoning: 0, cache: { read: 500, write: 0 } };
const PAGE = 100;
const LIVE = 20;

const step = (i: number, models: number): StoreEvent => ({
  type: 'message.assistant',
  info: {
    id: `msg_${String(i).padStart(8, '0')}`,
    sessionID: 'R',
    role: 'assistant',
    cost: 0.01,
    tokens: TOKENS,
    providerID: 'p',
    modelID: `m${i % models}`,
    time: { created: T0 + i * 1000, completed: T0 + i * 1000 + 500 },
  },
});

interface Scene {
  steps: number;
  models: number;
  /** After the live steps, the session compacts after its middle step (a compaction placed among its steps). */
  compacts?: boolean;
  /** The server's store: the session R, and its other sessions (made before the clock starts). */
  store: SessionStore;
}

/** A scene whose server holds `others` other sessions, each of OTHER_REPLIES replies over a month, read whole. */
function sceneOf(steps: number, models: number, others = 0, compacts = false): Scene {
  const store = new SessionStore(() => T0);
  othersOf(store, others);
  return { steps, models, compacts, store };
}

const OTHER_REPLIES = 5;
const DAY = 86_400_000;

/** The server's other sessions, each read whole: what the per-day trend (DayTrend) reads first. */
function othersOf(store: SessionStore, count: number): void {
  store.loadSnapshot(
    [
      { id: 'R', title: 'R', directory: '/w', time: { created: T0, updated: T0 } },
      // Created before their replies (a reply older than its session is a fork's copy, not spent there).
      ...Array.from({ length: count }, (_, i) => ({
        id: `o${i}`,
        title: `o${i}`,
        directory: '/w',
        time: { created: T0 - 31 * DAY, updated: T0 },
      })),
    ],
    {},
  );
  for (let i = 0; i < count; i++)
    for (let r = 0; r < OTHER_REPLIES; r++) {
      const created = T0 - ((i * OTHER_REPLIES + r) % 30) * DAY - ((i * 7_919) % DAY);
      store.apply({
        type: 'message.assistant',
        info: {
          id: `o_${i}_${r}`,
          sessionID: `o${i}`,
          role: 'assistant',
          cost: 0.01,
          tokens: TOKENS,
          time: { created, completed: created },
        },
      });
    }
}

/** A session of `steps` steps on `models` models, its pages loaded, then LIVE live steps, every change posted. */
async function read({ steps, models, compacts, store }: Scene) {
  const changes = new Emitter<StoreChange>();
  const frame = (events: StoreEvent[]) => {
    const change = emptyChange();
    for (const event of events) mergeStoreChange(change, store.apply(event));
    changes.fire(change);
  };
  const complete = new WeakSet<SessionRecord>();
  for (const record of store.all()) if (record.info.id !== 'R') complete.add(record);
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const connection = {
    config: { id: 'srv' },
    label: 'srv',
    sessions: store,
    listPrices: { pricer: undefined },
    modelLimits: { contextLimit: () => Promise.resolve(200_000) },
    history: { isComplete: (r: SessionRecord) => complete.has(r), ensure: (r: SessionRecord) => Promise.resolve(void complete.add(r)) },
    // Pages newest first, each a frame of its own in a later turn, as the server's answers come.
    loadAllMessages: async () => {
      for (let end = steps; end > 0; end -= PAGE) {
        await turn();
        frame(Array.from({ length: Math.min(PAGE, end) }, (_, k) => step(end - 1 - k, models)));
      }
      complete.add(store.get('R')!);
    },
  } as unknown as ServerConnection;
  const usage = new UsageModel(
    connection,
    'R',
    () => 0.8,
    changes.event,
    () => true,
  );
  let posted = 0;
  let report = true;
  let rowsSent = 0;
  let longest = 0;
  usage.onDidChange(() => {
    for (const message of modelPost(usage, report, undefined)) {
      if (message.type !== 'report' && message.type !== 'update') continue;
      rowsSent += message.steps.length;
      longest = Math.max(longest, message.steps.length);
      report = false;
      posted += 1;
    }
  });
  await usage.start();
  for (let i = 0; i < LIVE; i++) {
    frame([step(steps + i, models)]);
    await turn();
  }
  // The rows are built in slices that end by time: on a loaded machine the last frames are still being built a turn
  // later (3 of 20 were, beside two busy loops). A row lost for good never comes: the case then fails on its CPU limit.
  while (usage.steps.length < steps + LIVE) await turn();
  if (compacts) {
    // OpenCode's compaction: a user message whose part asks for it, placed among the steps by its time.
    const middle = T0 + Math.floor(steps / 2) * 1000 + 700;
    frame([
      { type: 'compaction.marked', sessionID: 'R', messageID: 'msg_compaction' },
      { type: 'message.user', sessionID: 'R', messageID: 'msg_compaction', created: middle },
    ]);
    while (usage.summary?.compactions?.length !== 1) await turn();
  }
  const rows = usage.steps.length;
  const days = usage.summary?.days.length ?? 0;
  const named = usage.summary?.byModel.length ?? 0;
  const counted = named + (usage.summary?.otherModels?.count ?? 0);
  usage.dispose();
  return { rows, posted: posted > 0, rowsSentPerStep: Math.round(rowsSent / rows), longest, days, named, counted };
}

function check(answer: unknown, n: number): void {
  const a = answer as { rows: number; posted: boolean; rowsSentPerStep: number; longest: number; days: number };
  assert.equal(a.rows, n + LIVE);
  assert.ok(a.days > 0, 'the trend has days');
  assert.ok(a.posted);
  // The doubling holds: each row is sent a few times over the load, not once per page.
  assert.ok(a.rowsSentPerStep <= 4, `${a.rowsSentPerStep} rows sent per step`);
  // A long report goes in slices.
  assert.ok(a.longest <= POST_ROWS, `a message of ${a.longest} rows`);
}

const NAME = 'The usage panel’s model as a session’s pages load and live steps come, each change posted (UsageModel, modelPost)';
const COVERS = [
  'src/features/usage/usageModel.ts#UsageModel',
  'src/features/usage/modelPost.ts#modelPost',
  'src/store/usageByDay.ts#DayTrend',
  'src/store/recordSteps.ts#recordStepsIn',
];

const model = reader<Scene>({
  name: NAME,
  covers: COVERS,
  // 10n is a session of 100 000 steps. Every row was built, summed and posted in one step at the end of the load
  // (~250 ms here) and each live frame was a pass over every step; now the rows are built in slices, posted
  // POST_ROWS a message, and a live frame adds its own rows.
  n: 10_000,
  read,
  shapes: [{ name: 'a session of n steps on one model', make: (n) => sceneOf(n, 1) }],
  check,
});

const models = reader<Scene>({
  name: `${NAME}, a model per step`,
  covers: [...COVERS, 'src/present/usageModelShares.ts#ModelSums', 'src/present/usageModelShares.ts#sharesOf'],
  // 10n is 100 000 steps and models. Each change's summary listed every model, its share of the steps sorted: ×42.1
  // and a step of 487 ms here (StepList.byModel copied, reshaped and sorted every model at each of the load's ~35
  // summaries, and resolveLimits awaited each new model's limit in one turn when the limits were known), so n was
  // kept at 1 000. Now a model's sums are kept as rows come and read in slices for the MODELS_NAMED costliest (a
  // bounded insertion, no sort) and one sum of the rest, and the new models' limits are asked 512 a turn: ×8.4–10.2,
  // its longest step as the one-model session's (24–47 ms on a loaded machine: the rows' build, collection).
  n: 10_000,
  read,
  shapes: [{ name: 'a session of n steps, each on a model of its own', make: (n) => sceneOf(n, n), worst: true }],
  check: (answer, n) => {
    check(answer, n);
    // The summary names a few models and counts the rest: every model of the session (the live steps call m0, m1…).
    const { named, counted } = answer as { named: number; counted: number };
    assert.deepEqual([named, counted], [MODELS_NAMED, n]);
  },
});

const compaction = reader<Scene>({
  name: `${NAME}, then a compaction`,
  covers: COVERS,
  // 10n is a session of 200 000 steps that compacts: the compaction is placed among the steps, and every row is
  // built again. (Every row was built in one step: 180–390 ms at 100 000 steps here, too near the bound to fail
  // each time; at 200 000, 0.4–0.8 s.)
  n: 20_000,
  read,
  shapes: [{ name: 'a session of n steps compacted after its middle step', make: (n) => sceneOf(n, 1, 0, true), worst: true }],
  check,
});

const dayTrend = reader<Scene>({
  name: `${NAME}, on a server of many sessions (the per-day trend's first read, DayTrend)`,
  covers: COVERS,
  // 10n is a server of 30 000 sessions of 5 replies each over a month, every one read whole: the panel's first
  // summary sums them by day (one synchronous step of 442 ms before it ran in slices). At 100 000 the collections of
  // the store the scene holds read ×14–19 in the ratio, too near ×20 to hold on a loaded machine.
  n: 3_000,
  read,
  shapes: [{ name: 'a session of 100 steps on a server of n other sessions read whole', make: (n) => sceneOf(100, 1, n) }],
  check: (answer) => {
    const a = answer as { rows: number; days: number };
    assert.equal(a.rows, 100 + LIVE);
    assert.ok(a.days >= 30, `${a.days} days`);
  },
});

export const usageModelReaders: Array<Reader<unknown, unknown>> = [model, models, compaction, dayTrend];

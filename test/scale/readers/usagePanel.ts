// The usage panel's host side (src/features/usage, src/present): a session's step rows kept across live changes
// (StepList) and the summary above them (usageSummary: totals, each sub-agent, each model's share, the per-day trend),
// from the store the servers' messages fill; and what the page posts back, checked before the host acts on it (the
// page shows server text: its messages are data, of any shape).
import assert from 'node:assert/strict';
import { describeMalformed } from '../../../src/base/messages';
import { pageMessage } from '../../../src/features/usage/protocol';
import { usageSummary } from '../../../src/features/usage/usageReport';
import { usageByDay } from '../../../src/store/usageByDay';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { runNow } from '../../../src/base/slices';
import { StepList } from '../../../src/present/usageStepList';
import { sessionSteps } from '../../../src/present/usageSteps';
import type { SessionInfo, StoreEvent } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { reader, type Reader } from '../reader';

const T0 = 1_700_000_000_000;
const TOKENS = { input: 1_000, output: 20, reasoning: 0, cache: { read: 500, write: 0 } };

const info = (id: string, parentID?: string): SessionInfo => ({
  id,
  ...(parentID && { parentID }),
  title: `${id} ${'title '.repeat(20)}`,
  directory: '/w',
  time: { created: T0, updated: T0 },
});

const step = (sessionID: string, i: number, model: string): StoreEvent => ({
  type: 'message.assistant',
  info: {
    id: `msg_${sessionID}_${String(i).padStart(8, '0')}`,
    sessionID,
    role: 'assistant',
    cost: 0.01,
    tokens: TOKENS,
    providerID: 'p',
    modelID: model,
    time: { created: T0 + i * 1000, completed: T0 + i * 1000 + 500 },
  },
});

interface Panel {
  store: SessionStore;
  /** The rows as the panel kept them before the clock starts, and a live step to apply (or none: a first build). */
  list: StepList;
  live?: StoreEvent;
}

/** Session R with `steps` steps on `models(i)`, and `subagents` sub-agents of one step each. */
function panel(steps: number, subagents: number, models: (i: number) => string, live: boolean): Panel {
  const store = new SessionStore(() => 0);
  store.loadSnapshot([info('R'), ...Array.from({ length: subagents }, (_, i) => info(`S${i}`, 'R'))], {});
  for (let i = 0; i < steps; i++) store.apply(step('R', i, models(i)));
  for (let i = 0; i < subagents; i++) store.apply(step(`S${i}`, 0, 'm'));
  const list = new StepList();
  if (live) list.rebuild(store.get('R')!, () => 200_000);
  return { store, list, ...(live && { live: step('R', steps, models(steps)) }) };
}

const limit = () => 200_000;

const rows = reader<Panel>({
  name: "The usage panel's step rows and summary (StepList, usageSummary, buildSummary, sessionSteps)",
  covers: [
    'src/present/usageStepList.ts#StepList',
    'src/features/usage/usageReport.ts#usageSummary',
    'src/present/usageSummary.ts#buildSummary',
    'src/present/usageSteps.ts#sessionSteps',
    'src/present/usageSteps.ts#stepRow',
  ],
  // 10n is 10 000 steps, sub-agents or models.
  n: 1_000,
  read: ({ store, list, live }) => {
    const connection = { label: 'srv', sessions: store, history: { isComplete: () => true } } as unknown as ServerConnection;
    let from = 0;
    if (live) {
      const change = store.apply(live);
      from = list.update(store.get('R')!, change.messages?.get('R') ?? new Set(), limit);
    } else {
      list.rebuild(store.get('R')!, limit);
    }
    const record = store.get('R')!;
    const summary = usageSummary(
      connection,
      record,
      { compactions: list.compactions, ...runNow(list.shares()) },
      usageByDay(store.all(), () => true),
      200_000,
      { threshold: 0.9, loading: false },
    );
    // The export's rows: the same steps read again at once.
    const exported = live ? 0 : sessionSteps(record, limit).steps.length;
    return {
      rows: list.rows.length,
      from,
      exported,
      cost: list.rows.reduce((sum, r) => sum + r.cost, 0),
      children: summary.children.length,
      models: summary.byModel.length + (summary.otherModels?.count ?? 0),
    };
  },
  shapes: [
    { name: 'one session of n steps', make: (n) => panel(n, 0, () => 'm', false) },
    { name: 'n steps kept, then a live one', make: (n) => panel(n, 0, () => 'm', true) },
    { name: 'one step and n sub-agents', make: (n) => panel(1, n, () => 'm', false), worst: true },
    { name: 'n steps on n models', make: (n) => panel(n, 0, (i) => `model-${i}`, false), worst: true },
  ],
  check: (answer, n, shape) => {
    const a = answer as { rows: number; from: number; exported: number; cost: number; children: number; models: number };
    if (shape === 'one session of n steps') assert.deepEqual([a.rows, a.exported, a.children, a.models], [n, n, 0, 1]);
    if (shape.includes('live')) assert.deepEqual([a.rows, a.from, a.models], [n + 1, n, 1]);
    if (shape.includes('sub-agents')) assert.deepEqual([a.rows, a.children], [1, n]);
    if (shape.includes('models')) assert.deepEqual([a.rows, a.models], [n, n]);
    assert.ok(Math.abs(a.cost - a.rows * 0.01) < 1e-6, `a cost of ${a.cost}`);
  },
});

const posted = reader<unknown>({
  name: 'What the usage page posts, checked before the host acts on it (pageMessage of messageCheck, describeMalformed)',
  covers: ['src/base/messages.ts#messageCheck', 'src/base/messages.ts#describeMalformed'],
  // 10n is a message of 10 000 keys, or of a 100 KB id. (V8's own enumeration of an object of 100 000 keys, by
  // Object.keys or JSON.stringify, is a little over linear: ×24 from 10 000.)
  n: 1_000,
  read: (raw) => ({ message: pageMessage(raw), logged: describeMalformed(raw).length }),
  shapes: [
    {
      name: 'an export message with n keys more',
      make: (n) => ({ type: 'export', format: 'csv', ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])) }),
      worst: true,
    },
    {
      name: 'showTurnChanges of an id of n×10 characters',
      make: (n) => ({ type: 'showTurnChanges', messageID: 'a'.repeat(n * 10) }),
      worst: true,
    },
    { name: 'a ready message holding n strings more', make: (n) => ({ type: 'ready', x: Array.from({ length: n }, (_, i) => `s${i}`) }) },
  ],
  check: (answer) => {
    const a = answer as { message: unknown; logged: number };
    assert.equal(a.message, undefined);
    assert.ok(a.logged <= 201, `logged ${a.logged} characters`);
  },
});

export const usagePanelReaders: Array<Reader<unknown, unknown>> = [rows, posted];

// The usage panel's model while a long session's pages load, against a real OpenCode server: pages come newest
// first, so each older one changes every row. The rows are built again only as the messages double (and once the
// last page is in): the rows built over the whole read are a few times the session's steps, not one build per page
// (a 20 000-step session took 164 s to show, each page redrawing every row). The last build equals the server's.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEFAULT_CONNECTION_OPTIONS } from '../../../src/client/connection/connectionState';
import { MESSAGE_PAGE_SIZE } from '../../../src/client/v1/messagePages';
import { ServerConnection } from '../../../src/client/serverConnection';
import { UsageModel } from '../../../src/features/usage/usageModel';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { importedSession } from '../../harness/importedSession';
import { waitFor } from '../../harness/waitFor';

const STEPS = 2_000;

let h: RunningHarness;
let connection: ServerConnection | undefined;

before(async () => {
  h = await startHarness();
});

after(async () => {
  connection?.dispose();
  await h?.dispose();
});

test('a long session loads in builds that double, not one build of every row per page; the last is the server’s', async () => {
  const session = await importedSession(h, { steps: STEPS, title: 'Two thousand steps' });
  const url = h.server.url;
  connection = new ServerConnection(
    { id: url, url, origin: 'configured' },
    () => Promise.resolve({ url }),
    { info() {}, warn() {}, error() {} },
    DEFAULT_CONNECTION_OPTIONS,
  );
  connection.start();
  await waitFor(
    'the connection online with the session',
    () => ({ kind: connection!.state.kind, known: connection!.sessions.get(session.id) !== undefined }),
    (s) => s.kind === 'online' && s.known,
  );
  const model = new UsageModel(
    connection,
    session.id,
    () => 0.8,
    connection.onDidChangeSessions,
    () => false,
  );
  const built: number[] = [];
  model.onDidChange(() => built.push(model.steps.length));
  try {
    await model.start();
  } finally {
    model.dispose();
  }

  assert.equal(model.error, undefined);
  assert.equal(model.steps.length, STEPS, 'every step, as the server holds them');
  // The server's own record of each step (the template's import gives every step its own cost), in its order.
  const messages = (await h.server.client().session.messages({ sessionID: session.id })).data ?? [];
  const costs = messages.flatMap(({ info }) => (info.role === 'assistant' ? [info.cost] : []));
  assert.deepEqual(
    model.steps.map((row) => [row.n, row.cost]),
    costs.map((cost, i) => [i + 1, cost]),
  );
  const pages = Math.ceil((2 * STEPS) / MESSAGE_PAGE_SIZE);
  const rowsBuilt = built.reduce((sum, rows) => sum + rows, 0);
  // Doubling builds sum to under twice the last, and the last page's build adds one more: a page-by-page build of
  // every row sums to about pages / 2 times the steps (here 10×).
  assert.ok(
    rowsBuilt <= 4 * STEPS,
    `${rowsBuilt} rows built over ${built.length} builds for ${STEPS} steps in ${pages} pages: ${built.join(' ')}`,
  );
  assert.equal(built.at(-1), STEPS, 'the last build holds every step');
});

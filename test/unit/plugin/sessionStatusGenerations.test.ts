// The one session_status file on a real 1.18.33 server, both ways a config can list it. `plugin` (V1): OpenCode
// takes the default export's `server`. `plugins` (V2): 1.18.33 does not load it at all (its config lowering omits
// the key as "cannot be represented in V1"), so the V2 definition's `setup` is run here with the tool registry a
// 2.x host would hand it and `session.get` answered by this server's own V2 route, /api/session/{id}.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startStatusEndpoint } from '../../../src/api/statusEndpoint';
import { ENDPOINT_DIR_VARIABLE, newEntryFile, writeEndpointInfo } from '../../../src/client/discovery/endpointDiscovery';
import { statusFromServer } from '../../../src/plugin/statusFromServer';
import type { V2Context, V2ToolInfo } from '../../../src/plugin/v2Definition';
import type { SessionStatus } from '../../../src/store/sessionStatus';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { pluginScript } from '../../harness/paths';
import { createSession, prompt } from '../../harness/scenario';
import { taskCall, text, toolCall } from '../../harness/scriptedModel';
import { v1PluginClient } from '../helpers/pluginClient';

const PLUGIN = pluginScript();
const URL_ = pathToFileURL(PLUGIN).href;
const dir = mkdtempSync(join(tmpdir(), 'ocs-generations-'));
const endpointFile = newEntryFile(dir);
after(() => rmSync(dir, { recursive: true, force: true }));

async function toolIds(h: RunningHarness): Promise<string[]> {
  const response = await fetch(`${h.server.url}/experimental/tool/ids`, { signal: AbortSignal.timeout(60_000) });
  return (await response.json()) as string[];
}

/** Runs the shipped file's V2 `setup` with a 2.x-shaped context and returns the tool it registered. */
async function v2Tool(h: RunningHarness): Promise<V2ToolInfo> {
  const mod = (await import(URL_)) as { default: { id: string; setup(ctx: V2Context): Promise<void> } };
  const added: V2ToolInfo[] = [];
  await mod.default.setup({
    tool: { transform: async (edit) => edit({ add: (tool) => void added.push(tool) }) },
    session: {
      get: async ({ sessionID }) =>
        (await fetch(`${h.server.url}/api/session/${sessionID}`, { signal: AbortSignal.timeout(30_000) })).json(),
    },
  });
  assert.deepEqual(
    added.map((t) => t.name),
    ['session_status'],
  );
  return added[0];
}

async function v2Answer(h: RunningHarness, sessionID: string, input: object = {}): Promise<unknown> {
  const result = await (await v2Tool(h)).execute(input, { sessionID });
  assert.equal(result.content.length, 1);
  return JSON.parse(result.content[0].text);
}

async function v1Answers(h: RunningHarness, sessionID: string): Promise<unknown[]> {
  const messages = (await h.server.client().session.messages({ sessionID })).data ?? [];
  return messages.flatMap((m) =>
    m.parts.flatMap((p) =>
      p.type === 'tool' && p.tool === 'session_status' && p.state.status === 'completed' ? [JSON.parse(p.state.output) as unknown] : [],
    ),
  );
}

describe('listed under `plugins` (the V2 key) on 1.18.33', () => {
  let h: RunningHarness;
  before(async () => (h = await startHarness({ config: { plugins: [URL_] } })));
  after(() => h?.dispose());

  test('is not loaded: no session_status tool, and the server says it omitted `plugins`', async () => {
    const ids = await toolIds(h);
    assert.ok(ids.includes('bash'), 'the positive control: built-in tools are listed');
    assert.ok(!ids.includes('session_status'));
    const log = readFileSync(join(h.server.home, 'server.log'), 'utf8');
    assert.match(log, /configuration compatibility diagnostic.*plugins/);
  });
});

describe('listed under `plugin` (V1) on 1.18.33, and its V2 definition on the same data', () => {
  let h: RunningHarness;
  let endpoint: Awaited<ReturnType<typeof startStatusEndpoint>>;
  before(async () => {
    h = await startHarness({ config: { plugin: [URL_] }, env: { [ENDPOINT_DIR_VARIABLE]: dir } });
    process.env[ENDPOINT_DIR_VARIABLE] = dir;
    // The extension's answer, computed for real from this server; its budgets mark it as the extension's.
    endpoint = await startStatusEndpoint(async (id, scope) => {
      const status = await statusFromServer({ client: v1PluginClient(h), serverUrl: h.server.url }, id, scope);
      return status && { ...status, budgets: { session: null, hour: null, day: null, week: null } };
    });
  });
  after(async () => {
    await endpoint?.close();
    await h?.dispose();
  });

  test('loads once (the default export, its named export not a second time)', async () => {
    assert.equal((await toolIds(h)).filter((id) => id === 'session_status').length, 1);
  });

  test("with the extension running, both give the extension's answer", async () => {
    writeEndpointInfo(endpointFile, { url: endpoint.url, token: endpoint.token, pid: process.pid, folders: [], startedAt: 1 });
    try {
      const { id } = await createSession(h, { title: 'Both generations' });
      await prompt(h, id, 'work', [text('one', { prompt: 1_200, completion: 80, cached: 100 })]);
      await prompt(h, id, 'status', [toolCall('session_status', {}), text('ok')]);
      const [v1] = (await v1Answers(h, id)) as SessionStatus[];
      assert.deepEqual(v1.budgets, { session: null, hour: null, day: null, week: null }, "the extension's answer");
      // The V1 answer was given mid-turn; the extension answers the same for the now finished turn.
      const v2 = (await v2Answer(h, id)) as SessionStatus;
      const now = await statusFromServer({ client: v1PluginClient(h), serverUrl: h.server.url }, id);
      assert.deepEqual(v2, JSON.parse(JSON.stringify({ ...now, budgets: v1.budgets })));
      assert.deepEqual([v2.session, v2.usage.subagents], [v1.session, v1.usage.subagents]);
      const tree = (await v2Answer(h, id, { scope: 'root' })) as SessionStatus;
      assert.deepEqual(
        [tree.scope, tree.session.id, tree.budgets],
        ['root', id, v1.budgets],
        "scope root: the extension's answer about the tree",
      );
    } finally {
      rmSync(endpointFile, { force: true });
    }
  });

  test("alone, the V2 definition gives the session's own totals, equal to what the V1 plugin computes", async () => {
    const { id } = await createSession(h, { title: 'Alone' });
    await prompt(h, id, 'first', [text('one', { prompt: 1_000, completion: 100, cached: 200, reasoning: 10 })]);
    await prompt(h, id, 'delegate', [
      taskCall('Look', 'look'),
      text('child', { prompt: 300, completion: 30 }),
      text('done', { prompt: 2_000, completion: 50 }),
    ]);
    const v1 = await statusFromServer({ client: v1PluginClient(h), serverUrl: h.server.url }, id);
    const v2 = (await v2Answer(h, id)) as { partial: true; session: { id: string }; usage: { session: Record<string, number> } };
    assert.equal(v2.partial, true);
    assert.equal(v2.session.id, id);
    const { turns: _turns, ...own } = v1!.usage.session;
    assert.ok(Math.abs(v2.usage.session.cost - own.cost) < 1e-12, `cost ${v2.usage.session.cost} = ${own.cost}`);
    assert.deepEqual({ ...v2.usage.session, cost: 0 }, { ...own, cost: 0, listCost: null }, 'no list price over V2');
    assert.match(
      ((await v2Answer(h, id, { scope: 'root' })) as { error: string }).error,
      /scope "root" \(the whole task tree\) needs the OpenCode Sessions extension/,
    );
    assert.match(((await v2Answer(h, id, { scope: 'tree' })) as { error: string }).error, /scope is "session" or "root"/);
  });

  test('an unknown session: the same error from both', async () => {
    const missing = 'ses_0000000000000000000000000';
    assert.deepEqual(await v2Answer(h, missing), { error: `No session ${missing} on this server.` });
  });
});

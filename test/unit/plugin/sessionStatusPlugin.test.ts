// The `session_status` OpenCode plugin in a real `opencode serve` (opencode.json lists the built file by URL),
// called by the scripted model. The tool's answer, read back from the session's messages, must equal what the
// server itself recorded: the sums of the step-finish parts finished before the call.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startStatusEndpoint } from '../../../src/api/statusEndpoint';
import { serveStatusEndpoint } from '../../../src/api/serveStatusEndpoint';
import {
  ENDPOINT_DIR_VARIABLE,
  newEntryFile,
  removeEndpointInfo,
  writeEndpointInfo,
} from '../../../src/client/discovery/endpointDiscovery';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { pluginScript } from '../../harness/paths';
import { children, createSession, prompt } from '../../harness/scenario';
import { taskCall, text, toolCall } from '../../harness/scriptedModel';
import type { SessionStatus, UsageCounts } from '../../../src/store/sessionStatus';
import { addUsage, totalTokens, usageOf, ZERO_USAGE, type Usage } from '../../../src/store/usage';

const PLUGIN = pluginScript();

interface Part {
  type: string;
  tool?: string;
  tokens?: Parameters<typeof usageOf>[0];
  cost?: number;
  state?: { status?: string; output?: string };
}
interface Message {
  info: { id: string; role: string; time: { created: number; completed?: number } };
  parts: Part[];
}

let h: RunningHarness;

before(async () => {
  h = await startHarness({ config: { plugin: [pathToFileURL(PLUGIN).href] } });
});
after(() => h?.dispose());

async function messages(sessionID: string): Promise<Message[]> {
  const result = await h.server.client(h.server.directory).session.messages({ sessionID });
  return ((result.data ?? []) as unknown as Message[])
    .slice()
    .sort((a, b) => a.info.time.created - b.info.time.created || (a.info.id < b.info.id ? -1 : 1));
}

/** Every session_status answer of a session, in order, each with the steps finished before its message. */
async function answers(sessionID: string): Promise<Array<{ status: SessionStatus; before: Usage[] }>> {
  const found: Array<{ status: SessionStatus; before: Usage[] }> = [];
  const steps: Usage[] = [];
  for (const m of await messages(sessionID)) {
    for (const part of m.parts) {
      if (part.type === 'tool' && part.tool === 'session_status') {
        assert.equal(part.state?.status, 'completed', `the tool ran: ${JSON.stringify(part.state)}`);
        found.push({ status: JSON.parse(part.state.output!) as SessionStatus, before: [...steps] });
      }
    }
    // This message's own step finishes after its tool call ran.
    for (const part of m.parts) if (part.type === 'step-finish') steps.push(usageOf(part.tokens, part.cost));
  }
  return found;
}

async function allSteps(sessionID: string): Promise<Usage[]> {
  return (await messages(sessionID)).flatMap((m) => m.parts.filter((p) => p.type === 'step-finish').map((p) => usageOf(p.tokens, p.cost)));
}

function countsOf(steps: Usage[]): UsageCounts {
  const sum = steps.reduce((a, b) => addUsage(a, b), { ...ZERO_USAGE });
  // The scripted models are priced: no step is recorded at $0, so no list price is added.
  return { turns: steps.length, ...sum, totalTokens: totalTokens(sum), listCost: 0 };
}

function sameCounts(actual: UsageCounts, expected: UsageCounts, what: string): void {
  const { cost, ...tokens } = expected;
  const { cost: actualCost, ...actualTokens } = actual;
  assert.deepEqual({ ...actualTokens, sessions: undefined }, { ...tokens, sessions: undefined }, what);
  assert.ok(Math.abs(actualCost - cost) < 1e-12, `${what}: cost ${actualCost} = ${cost}`);
}

describe('session_status plugin in a real OpenCode server', () => {
  test('the bundle imports no package at run time (OpenCode would try to install it), only Node built-ins', () => {
    const code = readFileSync(PLUGIN, 'utf8');
    assert.ok(code.includes('session_status'), 'the positive control: the tool is in the file');
    const imports = code.match(/^\s*import\s[^;]*?from\s*["'][^"']+["']|\brequire\(["'][^"']+["']\)/gm) ?? [];
    assert.deepEqual(
      imports.filter((line) => !/["']node:[a-z_/]+["']/.test(line)),
      [],
    );
  });

  test("a session with turns and a sub-agent: its own steps before the call, the child's once, the total, the last turn", async () => {
    const { id } = await createSession(h, { title: 'Status parent' });
    await prompt(h, id, 'first', [text('one', { prompt: 1_000, completion: 100, cached: 200 })]);
    await prompt(h, id, 'delegate', [
      taskCall('Look around', 'look'),
      text('child looked', { prompt: 300, completion: 30 }),
      text('parent done', { prompt: 2_000, completion: 50, reasoning: 10 }),
    ]);
    await prompt(h, id, 'how much?', [toolCall('session_status', {}, { prompt: 2_500, completion: 20 }), text('noted')]);
    const [{ status, before }] = await answers(id);
    if (process.env.OCS_PRINT_STATUS) console.log(JSON.stringify(status, null, 2));
    const [child] = await children(h, id);
    const childSteps = await allSteps(child.id);

    assert.deepEqual([status.session.id, status.session.parentId, status.session.rootId, status.scope], [id, null, id, 'session']);
    assert.equal(status.inFlight, true);
    assert.equal(before.length, 3, 'three finished steps before the call: one, the task call, done');
    sameCounts(status.usage.session, countsOf(before), 'session = its step-finish parts before the call');
    // By hand from the scripted usage: input = prompt − cached; output = completion − reasoning.
    assert.deepEqual(
      [status.usage.session.input, status.usage.session.output, status.usage.session.reasoning, status.usage.session.cacheRead],
      [800 + 1_000 + 2_000, 100 + 100 + 40, 10, 200],
    );
    assert.equal(childSteps.length, 1);
    sameCounts(status.usage.subagents, countsOf(childSteps), 'subagents = the child, once');
    assert.equal(status.usage.subagents.sessions, 1);
    sameCounts(status.usage.total, countsOf([...before, ...childSteps]), 'total = both');
    sameCounts(status.usage.lastTurn!, countsOf([before[2]]), 'lastTurn = the last finished step');
    assert.equal(status.context.limit, 200_000);
    assert.equal(status.context.used, totalTokens(before[2]));
    assert.equal(status.budgets, null, 'no extension is running: budgets unknown');
    // The timeline: the parent waited on its one sub-agent from the child's making to its step's end.
    const childReply = (await messages(child.id)).find((m) => m.info.role === 'assistant')!;
    const timeline = status.timeline!;
    assert.deepEqual(
      timeline.criticalPath.map((s) => s.id),
      [id, child.id],
    );
    assert.equal(timeline.criticalPath[1].ms, childReply.info.time.completed! - Math.min(child.time.created, childReply.info.time.created));
    assert.equal(timeline.busyMs + timeline.waitingMs + timeline.idleMs, timeline.wallMs);
    assert.ok(timeline.busyMs > 0 && timeline.idleMs > 0, JSON.stringify(timeline));
  });

  test('from inside a sub-agent: its own session, its parent and root, the step it finished before asking again; scope root: the whole tree', async () => {
    const { id } = await createSession(h, { title: 'Status from a child' });
    await prompt(h, id, 'delegate a check', [
      taskCall('Check the budget', 'check'),
      toolCall('session_status', {}, { prompt: 400, completion: 40 }),
      toolCall('session_status', {}, { prompt: 500, completion: 50 }),
      toolCall('session_status', { scope: 'root' }, { prompt: 600, completion: 60 }),
      text('child checked'),
      text('parent done'),
    ]);
    const [child] = await children(h, id);
    const [first, second, tree] = await answers(child.id);
    // Asked through the tool's JSON-Schema `args`: the answer is about the root, the child's steps its sub-agents'.
    assert.deepEqual(
      [tree.status.scope, tree.status.session.id, tree.status.session.rootId, tree.status.usage.subagents.sessions],
      ['root', id, id, 1],
    );
    sameCounts(
      tree.status.usage.subagents,
      countsOf(tree.before),
      "the child's step-finish parts before the call, as the tree's sub-agents",
    );
    assert.equal(tree.status.usage.total.turns, tree.status.usage.session.turns + 2);
    for (const { status } of [first, second])
      assert.deepEqual([status.session.id, status.session.parentId, status.session.rootId], [child.id, id, id]);
    assert.equal(first.status.usage.session.turns, 0);
    assert.equal(second.before.length, 1);
    sameCounts(second.status.usage.session, countsOf(second.before), 'the child: its step-finish parts before the second call');
    assert.deepEqual([second.status.usage.session.input, second.status.usage.session.output], [400, 40]);
    assert.equal(second.status.usage.subagents.turns, 0);
  });
});

describe('session_status plugin with the extension running on the same machine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocs-endpoint-'));
  const file = newEntryFile(dir);
  let withEndpoint: RunningHarness;
  const answered: string[] = [];
  let endpoint: Awaited<ReturnType<typeof startStatusEndpoint>>;

  before(async () => {
    // The extension's answer is recognisable by its budgets; a real one is computed by the extension itself.
    endpoint = await startStatusEndpoint((id, scope) => {
      answered.push(`${id}:${scope}`);
      return Promise.resolve({
        session: { id, rootId: id },
        scope,
        budgets: { hour: { used: 1, limit: 2, percent: 50, remaining: 1, resetsAt: null } },
      } as unknown as SessionStatus);
    });
    withEndpoint = await startHarness({ config: { plugin: [pathToFileURL(PLUGIN).href] }, env: { [ENDPOINT_DIR_VARIABLE]: dir } });
  });
  after(async () => {
    await withEndpoint?.dispose();
    await endpoint?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("asks the extension's loopback endpoint first, and computes its own answer when the token is wrong", async () => {
    const saved = h;
    h = withEndpoint;
    try {
      writeEndpointInfo(file, { url: endpoint.url, token: endpoint.token, pid: process.pid, folders: [], startedAt: 1 });
      const { id } = await createSession(h, { title: 'Ask the extension' });
      await prompt(h, id, 'status', [toolCall('session_status', {}), toolCall('session_status', { scope: 'root' }), text('ok')]);
      const [{ status }, { status: tree }] = await answers(id);
      assert.deepEqual(answered, [`${id}:session`, `${id}:root`], 'the scope is passed on');
      assert.equal(status.budgets?.hour?.limit, 2, "the extension's answer, budgets included");
      assert.deepEqual([tree.scope, tree.budgets?.hour?.limit], ['root', 2]);

      writeEndpointInfo(file, { url: endpoint.url, token: 'f'.repeat(64), pid: process.pid, folders: [], startedAt: 1 });
      await prompt(h, id, 'status again', [toolCall('session_status', {}), text('ok')]);
      const [, , second] = await answers(id);
      assert.equal(second.status.budgets, null, 'refused (401): the plugin answered by itself');
      sameCounts(second.status.usage.session, countsOf(second.before), 'its own figures');
      assert.equal(answered.length, 2, 'the refused request computed nothing');
    } finally {
      removeEndpointInfo(file);
      h = saved;
    }
  });

  test("two windows: the one whose folders hold the server's folder answers, the other once it closed; a dead window's entry is removed", async () => {
    const saved = h;
    h = withEndpoint;
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const window = (limit: number, folders: string[]) =>
      serveStatusEndpoint(
        (id, scope) =>
          Promise.resolve({
            session: { id, rootId: id },
            scope,
            budgets: { hour: { used: 0, limit, percent: 0, remaining: limit, resetsAt: null } },
          } as unknown as SessionStatus),
        quiet,
        () => folders,
        dir,
      );
    const other = window(3, ['/somewhere/else']);
    const holding = window(4, [h.server.directory]);
    const dead = newEntryFile(dir);
    try {
      await Promise.all([other.ready, holding.ready]);
      writeEndpointInfo(dead, {
        url: endpoint.url,
        token: endpoint.token,
        pid: 2 ** 22 + 12345,
        folders: [h.server.directory],
        startedAt: Date.now(),
      });
      const { id } = await createSession(h, { title: 'Two windows' });
      await prompt(h, id, 'status', [toolCall('session_status', {}), text('ok')]);
      assert.equal((await answers(id))[0].status.budgets?.hour?.limit, 4, "the window holding the server's folder");
      assert.ok(!existsSync(dead), "the dead window's entry was removed");
      await holding.dispose();
      assert.ok(existsSync(other.file), "closing a window leaves the other's entry");
      await prompt(h, id, 'status again', [toolCall('session_status', {}), text('ok')]);
      assert.equal((await answers(id))[1].status.budgets?.hour?.limit, 3, 'the other window, once the first closed');
    } finally {
      await Promise.all([other.dispose(), holding.dispose()]);
      h = saved;
    }
  });
});

// The V2 adapter against a real server that speaks only OpenCode's V2 API, as OpenCode 2 does: a real
// `opencode serve` 1.18.33 (which serves `/api/*` and runs the next session engine) behind a proxy that
// answers every V1 route with its web UI's HTML page, exactly what 2.x answers there. No settings: the
// extension must find the V2 API by itself. Sessions are made before VS Code connects, through V1 (1.18.33's
// next engine has no `task` tool, so sub-agents come from V1); the live work runs through `/api/session/{id}/prompt`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CompactionReport } from '../../../src/features/sessions/commands/compactSession';
import type { ExtensionApi } from '../../../src/extension';
import { FaultProxy } from '../../harness/faultProxy';
import { warmNextEngine } from '../../harness/nextEngine';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, prompt, spawnChild } from '../../harness/scenario';
import { text, toolCall, type Reply } from '../../harness/scriptedModel';
import { configureServers, connectionFor, extensionApi, shownTree, waitFor } from '../helpers/extensionApi';

interface V2Session {
  id: string;
  parentID?: string;
  title: string;
  cost: number;
  tokens: { input: number; output: number; reasoning: number; cache: { read: number; write: number } };
}

describe('OpenCode API v2: a server that answers only /api/*', function () {
  this.timeout(240_000);
  let h: RunningHarness;
  let proxy: FaultProxy;
  let api: ExtensionApi;
  const ids: Record<string, string> = {};
  const connection = () => connectionFor(api, proxy.url)!;
  const node = (id: string) => api.tree.sessionNode(connection(), id);
  const v2 = async <T>(path: string, init?: { method: string; body?: unknown }): Promise<T> => {
    const response = await fetch(h.server.url + path, {
      method: init?.method ?? 'GET',
      headers: { 'content-type': 'application/json' },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(30_000),
    });
    assert.ok(response.ok, `${path}: HTTP ${response.status}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const listed = async () => (await v2<{ data: V2Session[] }>('/api/session?limit=1000')).data;
  /** A prompt through V2's own route, run by the next engine. */
  const promptV2 = async (id: string, words: string, replies: Reply[]) => {
    h.model.enqueue(...replies);
    await v2(`/api/session/${id}/prompt`, { method: 'POST', body: { prompt: { text: words } } });
  };
  const steps = (id: string) => [...(connection().sessions.get(id)?.steps.values() ?? [])].flatMap((m) => [...m.values()]);

  before(async () => {
    h = await startHarness({ env: { OPENCODE_EXPERIMENTAL_EVENT_SYSTEM: '1' }, config: { permission: { bash: 'ask' } } });
    ids.a = (await createSession(h, { title: 'V2 root A' })).id;
    await prompt(h, ids.a, 'Start', [text('Started.', { prompt: 12_000, completion: 345 })]);
    ids.child = (await spawnChild(h, ids.a, { description: 'Inspect files' })).id;
    ids.b = (await createSession(h, { title: 'V2 root B' })).id;
    await prompt(h, ids.b, 'Hello', [text('Hi.', { prompt: 1_000, completion: 50 })]);
    await warmNextEngine(h.server);
    proxy = await new FaultProxy(h.server.url).start();
    proxy.setFaults([{ fault: { kind: 'html' }, path: /^\/(?!api\/)/ }]);
    api = await extensionApi();
    await configureServers([{ name: 'v2only', url: proxy.url }]);
    await waitFor(
      'online with every session',
      () => connectionFor(api, proxy.url),
      (c) => c?.state.kind === 'online' && c.sessions.size === 3,
      60_000,
    );
  });

  after(async () => {
    await configureServers([]);
    await proxy?.stop();
    await h?.dispose();
  });

  it('finds the V2 API by itself and says so on the server row', async () => {
    assert.equal(connection().generation, 'v2');
    const server = (await shownTree(api)).find((r) => r.depth === 0)!;
    assert.match(server.description, / · online · .*OpenCode API v2$/);
    assert.ok((proxy.seen.get('/global/health') ?? 0) > 0, 'the V1 health route was asked (and answered HTML)');
  });

  it('lists and nests every session, badges equal to /api/session cost and tokens', async () => {
    const truth = await listed();
    const rows = (await shownTree(api)).filter((r) => r.sessionId);
    assert.deepEqual(rows.map((r) => r.sessionId).sort(), truth.map((s) => s.id).sort());
    assert.equal(rows.find((r) => r.sessionId === ids.child)!.parent, 'V2 root A');
    for (const s of truth) {
      const record = connection().sessions.get(s.id)!;
      assert.equal(record.own.cost, s.cost, `cost of ${s.title}`);
      assert.equal(record.own.input, s.tokens.input, `input of ${s.title}`);
      assert.equal(record.own.output, s.tokens.output, `output of ${s.title}`);
    }
    const a = truth.find((s) => s.id === ids.a)!;
    const child = truth.find((s) => s.id === ids.child)!;
    assert.ok(Math.abs(connection().sessions.inclusive(ids.a).cost - (a.cost + child.cost)) < 1e-12, 'inclusive = own + child once');
  });

  it('shows a prompt run through /api/session/{id}/prompt live, its steps from session.next.step.ended', async () => {
    // Every status the row goes through, from the store's own change events (busy may last only a moment).
    const statuses: string[] = [];
    const watching = connection().onDidChangeSessions.on(() => {
      const status = connection().sessions.get(ids.b)?.status.type;
      if (status && statuses[statuses.length - 1] !== status) statuses.push(status);
    });
    await promptV2(ids.b, 'Second turn', [text('Done through V2.', { prompt: 2_000, completion: 150 })]);
    const step = await waitFor(
      'the step in the store',
      () => steps(ids.b),
      (all) => all.some((u) => u.input === 2_000 && u.output === 150),
      60_000,
    );
    assert.equal(step.filter((u) => u.input === 2_000 && u.output === 150).length, 1, 'each step once');
    await waitFor(
      'idle once the turn is over',
      () => statuses,
      (seen) => seen.includes('busy') && seen[seen.length - 1] === 'idle',
      60_000,
    );
    watching.dispose();
    // The usage panel: the V1 turn from the session's messages is not in V2's history (1.18.33 keeps only the
    // next engine's events there), the V2 step is, with its model, read from the history and the stream alike.
    const panel = api.usage.show({ serverId: connection().config.id, sessionId: ids.b });
    const rows = await waitFor(
      'the V2 step in the usage panel',
      () => panel.steps,
      (all) => all.some((r) => r.input === 2_000 && r.output === 150),
      60_000,
    );
    const row = rows.find((r) => r.input === 2_000)!;
    assert.match(row.model, /alpha/);
    assert.equal(rows.filter((r) => r.input === 2_000).length, 1, 'the step once, though both the history and the stream carry it');
    panel.dispose();
    // What the server's session record holds, the badge holds (1.18.33 does not add next-engine steps to it).
    const truth = (await listed()).find((s) => s.id === ids.b)!;
    await waitFor(
      'the badge equals the server record',
      () => connection().sessions.get(ids.b)!.own,
      (own) => own.cost === truth.cost && own.input === truth.tokens.input,
    );
  });

  it('answers a permission the next engine asks for from VS Code', async () => {
    await promptV2(ids.b, 'Run it', [toolCall('bash', { command: 'printf v2-allowed', description: 'print' }), text('Ran it.')]);
    const request = await waitFor(
      'a waiting request',
      () => [...(connection().sessions.get(ids.b)?.requests.values() ?? [])],
      (r) => r.length === 1,
      90_000,
    );
    assert.equal(request[0].kind, 'permission');
    const answered = await vscode.commands.executeCommand('opencodeSessions.allowOnce', {
      kind: 'request',
      serverId: connection().config.id,
      sessionId: ids.b,
      requestId: request[0].id,
    });
    assert.equal(answered, true);
    await waitFor(
      'the model reads the command output',
      () => h.model.requests.flatMap((r) => r.toolResults),
      (results) => results.some((t) => t.includes('v2-allowed')),
      60_000,
    );
    await waitFor(
      'no request left and idle',
      () => connection().sessions.get(ids.b),
      (r) => r?.requests.size === 0 && r.status.type === 'idle',
      60_000,
    );
  });

  it('interrupts a busy session (Abort)', async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    await promptV2(ids.b, 'Take forever', [{ ...text('Late.'), hold }]);
    await waitFor(
      'the model to have the request',
      () => h.model.pending,
      (n) => n === 0,
      60_000,
    );
    await waitFor(
      'busy',
      () => connection().sessions.get(ids.b)?.status.type,
      (s) => s === 'busy',
    );
    await vscode.commands.executeCommand('opencodeSessions.abortSession', node(ids.b));
    await waitFor(
      'idle after the interrupt',
      () => connection().sessions.get(ids.b)?.status.type,
      (s) => s === 'idle',
      60_000,
    );
    release();
  });

  it('compacts through /api/session/{id}/compact, and says plainly what 1.18.33 answers (503, not available yet)', async () => {
    const report = await vscode.commands.executeCommand<CompactionReport>('opencodeSessions.compactSession', node(ids.a));
    console.log(`compaction on V2: ${report?.message}`);
    // OpenCode 2.x compacts here; 1.18.33's next engine answers 503 "Session compact is not available yet".
    assert.equal(report?.outcome, 'error');
    assert.match(report.message, /503.*not available yet/);
    assert.ok((proxy.seen.get(`/api/session/${ids.a}/compact`) ?? 0) > 0);
  });

  it('shows what this V2 server does not offer, on the server row and as disabled session actions', async () => {
    const server = api.tree.getChildren()[0];
    const tooltip = api.tree.getTreeItem(server).tooltip;
    const markdown = typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
    // 1.18.33 publishes no API document: what it lacks is what trying its routes found (no TUI over HTTP).
    assert.match(markdown.replace(/&nbsp;/g, ' '), /Does not offer \\\(found by trying[^)]*\\\): selecting a session in an attached TUI/);
    assert.doesNotMatch(markdown, /sharing/, 'sharing is in no server’s offers');
    const row = (await shownTree(api)).find((r) => r.sessionId === ids.a)!;
    assert.match(row.contextValue!, /\bv2\b/);
    assert.doesNotMatch(row.contextValue!, /\bno-share\b/, 'no Share on any server: no word for it');
    assert.doesNotMatch(row.contextValue!, /\bno-rename\b/);
  });
});

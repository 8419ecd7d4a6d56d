// Runs inside a real VS Code (extension host) against a real `opencode serve` with a scripted model.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { isOpencode2 } from '../../harness/opencode2';
import { allSessions, createSession, getSession, prompt, spawnChild } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { configureServers, connectionFor, extensionApi, framesTold, shownTree, waitFor, type ShownRow } from '../helpers/extensionApi';

describe('Session tree on a real OpenCode server', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const ids: Record<string, string> = {};

  before(async () => {
    h = await startHarness();
    console.log(`    (VS Code ${vscode.version}, opencode ${h.server.version})`);
    // Root A: 12 000 prompt + 345 completion tokens at $3/$15 per million → 12 345 tokens, $0.041175.
    ids.a = (await createSession(h, { title: 'Root A' })).id;
    await prompt(h, ids.a, 'Start on the parser', [text('Started.', { prompt: 12_000, completion: 345 })]);
    ids.b = (await createSession(h, { title: 'Root B' })).id;
    ids.child = (await spawnChild(h, ids.a, { description: 'Inspect files' })).id;
    ids.grandchild = (await createSession(h, { title: 'Grandchild task', parentID: ids.child })).id;
    await prompt(h, ids.grandchild, 'Look deeper', [text('Deep.', { prompt: 2_000, completion: 80 })]);
    api = await extensionApi();
    await configureServers([{ name: 'harness', url: h.server.url }]);
    // Listed by parent (2.x): the roots at connect, then this week's trees in the background; until every tree is
    // read a root's Σ says "at least" (Root B's too, whose tree is empty), so the badges are read once none is unread.
    await waitFor(
      'the server to be online with all 4 sessions, every tree read',
      () => connectionFor(api, h.server.url),
      (c) => c?.state.kind === 'online' && c.sessions.size === 4 && !c.sessions.anyUnread,
    );
    // The tree shows the store a frame later.
    await framesTold(api);
  });

  after(async () => {
    await configureServers([]);
    await h?.dispose();
  });

  it('shows the server node, named and online', () => {
    const servers = api.tree.getChildren();
    assert.equal(servers.length, 1);
    const item = api.tree.getTreeItem(servers[0]);
    assert.equal(item.label, 'harness');
    // An OpenCode 2 server's row also names its API.
    const api2 = isOpencode2() ? ' · OpenCode API v2' : '';
    assert.match(String(item.description), new RegExp(` · online · .*v${h.server.version.replace(/\./g, '\\.')}${api2}$`));
  });

  it('lists exactly the server sessions, children nested under their parents', async () => {
    const truth = await allSessions(h);
    const rows = (await shownTree(api)).filter((r) => r.sessionId);
    assert.deepEqual(rows.map((r) => r.sessionId).sort(), truth.map((s) => s.id).sort());
    const titleOf = new Map(truth.map((s) => [s.id, s.title]));
    for (const session of truth) {
      const row = rows.find((r) => r.sessionId === session.id)!;
      assert.equal(row.title, session.title);
      assert.equal(row.parent, session.parentID ? titleOf.get(session.parentID) : 'harness', `parent of ${session.title}`);
    }
    const depthOf = (id: string) => rows.find((r) => r.sessionId === id)!.depth;
    assert.deepEqual([depthOf(ids.a), depthOf(ids.child), depthOf(ids.grandchild)], [1, 2, 3]);
  });

  it('shows badges equal to the server numbers', async () => {
    const rows = await shownTree(api);
    const badge = (id: string) => rows.find((r) => r.sessionId === id)!.badge;
    // Hand-computed from the scripted usage and the model's prices ($3 in, $15 out per million);
    // the server's own records must agree, and so must every badge.
    // Grandchild: 2 000 in + 80 out → 2 080 tokens, $0.0072.
    // Child (default usage 1 000 + 100) → 1 100 tokens, $0.0045.
    // Root A: 12 345 tokens/$0.041175, plus the parent's two task steps (1 100 tokens/$0.0045 each)
    // → 14 545 tokens, $0.050175; with its sub-agents counted once: $0.061875.
    const [a, child, grandchild] = await Promise.all([ids.a, ids.child, ids.grandchild].map((id) => getSession(h, id)));
    assert.deepEqual(
      [a.cost, child.cost, grandchild.cost].map((c) => Number(c!.toFixed(9))),
      [0.050175, 0.0045, 0.0072],
    );
    assert.equal(badge(ids.grandchild), '$0.0072 · 2.08k');
    assert.equal(badge(ids.child), '$0.0045 · Σ $0.012 · 1.1k');
    assert.equal(badge(ids.a), '$0.050 · Σ $0.062 · 14.5k');
    assert.equal(badge(ids.b), '$0.00 · 0 tokens');
    const connection = connectionFor(api, h.server.url)!;
    assert.equal(connection.sessions.get(ids.a)!.own.cost, a.cost);
    assert.ok(Math.abs(connection.sessions.inclusive(ids.a).cost - (a.cost! + child.cost! + grandchild.cost!)) < 1e-12);
  });

  it('updates a badge live when a prompt runs on the server', async () => {
    const before = (await shownTree(api)).find((r) => r.sessionId === ids.b)!;
    assert.equal(before.badge, '$0.00 · 0 tokens');
    // 20 000 prompt (4 000 cached) + 1 000 completion (200 reasoning):
    // input 16 000, cache read 4 000, output 800, reasoning 200 → 21 000 tokens;
    // cost (16 000·3 + 1 000·15 + 4 000·0.3) / 1e6 = $0.0642.
    await prompt(h, ids.b, 'Now the lexer', [text('Lexer done.', { prompt: 20_000, cached: 4_000, completion: 1_000, reasoning: 200 })]);
    const row = await waitFor<ShownRow | undefined>(
      'the Root B badge to change',
      async () => (await shownTree(api)).find((r) => r.sessionId === ids.b),
      (r) => r?.badge === '$0.064 · 21k',
    );
    assert.equal(row?.title, 'Root B');
    assert.equal((await getSession(h, ids.b)).cost, 0.0642);
  });
});

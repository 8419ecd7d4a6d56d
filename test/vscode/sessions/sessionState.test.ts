// Session states and sub-agent accounting, in a real VS Code against a real server: busy then idle,
// waiting on a permission, and deleting a child with its grandchild.
import * as assert from 'node:assert/strict';
import type { ExtensionApi } from '../../../src/extension';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, deleteSession, pendingPermissions, prompt, promptAsync, replyPermission, spawnChild } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { configureServers, connectionFor, extensionApi, shownTree, waitFor } from '../helpers/extensionApi';

describe('Session states and sub-agent totals', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;

  before(async () => {
    // bash asks before it runs, so a bash tool call leaves the session waiting on the user.
    h = await startHarness({ config: { permission: { bash: 'ask' } } });
    api = await extensionApi();
    await configureServers([{ name: 'states', url: h.server.url }]);
    await waitFor(
      'online',
      () => connectionFor(api, h.server.url),
      (c) => c?.state.kind === 'online',
    );
  });

  after(async () => {
    await configureServers([]);
    await h?.dispose();
  });

  const row = async (id: string) => (await shownTree(api)).find((r) => r.sessionId === id);
  const stateOf = async (id: string) => (await row(id))?.contextValue?.split(' ')[1];

  it('shows busy while the model works, then idle', async () => {
    const id = (await createSession(h, { title: 'Slow reply' })).id;
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    await promptAsync(h, id, 'Take your time', [{ kind: 'text', text: 'Finally.', usage: { prompt: 1_000, completion: 100 }, hold }]);
    await waitFor(
      'busy',
      () => stateOf(id),
      (s) => s === 'busy',
    );
    assert.equal((await row(id))?.badge, '$0.00 · 0 tokens');
    release();
    await waitFor(
      'idle',
      () => stateOf(id),
      (s) => s === 'idle',
    );
    // The totals come with the session's own update, which may trail the idle event.
    await waitFor(
      'the reply counted',
      () => row(id),
      (r) => r?.badge === '$0.0045 · 1.1k',
    );
  });

  it('shows a bash call waiting on permission, and clears it once answered', async () => {
    const id = (await createSession(h, { title: 'Needs approval' })).id;
    await promptAsync(h, id, 'Say hello in the shell', [
      toolCall('bash', { command: 'echo hello', description: 'Print hello' }),
      text('It printed hello.'),
    ]);
    await waitFor(
      'waiting for you',
      () => stateOf(id),
      (s) => s === 'waiting',
    );
    const request = (await pendingPermissions(h)).find((p) => p.sessionID === id);
    assert.ok(request, 'the server has the pending permission too');
    await replyPermission(h, request, 'once');
    await waitFor(
      'idle after the reply',
      () => stateOf(id),
      (s) => s === 'idle',
    );
  });

  it('lowers the parent total by exactly the deleted child subtree', async () => {
    // Parent: four task steps at 1 000 + 100 tokens ($0.0045 each) → 4.4k tokens, $0.018.
    // Child 1: $0.0045 with a grandchild at 2 000 + 80 ($0.0072); child 2: 1 500 + 100 ($0.006).
    const parent = (await createSession(h, { title: 'Parent of two' })).id;
    const child1 = (await spawnChild(h, parent, { description: 'First helper' })).id;
    await spawnChild(h, parent, { description: 'Second helper', child: { prompt: 1_500, completion: 100 } });
    const grandchild = (await createSession(h, { title: 'Grandchild of one', parentID: child1 })).id;
    await prompt(h, grandchild, 'Go deeper', [text('Deeper.', { prompt: 2_000, completion: 80 })]);
    await waitFor(
      'Σ of all four',
      () => row(parent),
      (r) => r?.badge === '$0.018 · Σ $0.036 · 4.4k',
    );

    const before = connectionFor(api, h.server.url)!.sessions.inclusive(parent).cost;
    await deleteSession(h, child1);
    await waitFor(
      'child and grandchild gone',
      () => shownTree(api),
      (rows) => !rows.some((r) => r.sessionId === child1 || r.sessionId === grandchild),
    );
    await waitFor(
      'Σ without child 1',
      () => row(parent),
      (r) => r?.badge === '$0.018 · Σ $0.024 · 4.4k',
    );
    const after = connectionFor(api, h.server.url)!.sessions.inclusive(parent).cost;
    assert.ok(Math.abs(before - after - (0.0045 + 0.0072)) < 1e-12, `dropped by ${before - after}`);
  });
});

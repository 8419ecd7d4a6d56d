// Permission requests and questions answered from VS Code, in a real VS Code against real servers that
// ask before `bash` runs (`permission: {bash: "ask"}`) and a scripted model that calls bash, task and question.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { missingFeatureWords } from '../../../src/app/servers/serverFeatures';
import { isOpencode2, opencode2Engine } from '../../harness/opencode2';
import { createSession, pendingPermissions, promptAsync, replyPermission, settle } from '../../harness/scenario';
import { taskCall, text, toolCall } from '../../harness/scriptedModel';
import { costItem, configureServers, connectionFor, extensionApi, shownTree, waitFor } from '../helpers/extensionApi';

/** The server's own name for the shell tool's action: OpenCode 2 renamed bash to shell. */
const SHELL = isOpencode2() ? 'shell' : 'bash';
/** What OpenCode 2's own shell tool does (v2 branch b6226260, tool/plugin/shell.ts); behind the adapter it is 1.18.33's bash. */
const SHELL_2 = opencode2Engine();

const ASKS = { config: { permission: { bash: 'ask' } }, env: { OPENCODE_ENABLE_QUESTION_TOOL: 'true' } };

/** Starts a turn whose first step calls bash with `command`, and waits until the server lists the request. */
async function waitingOnBash(h: RunningHarness, title: string, command: string, after = [text('The command ran.')]): Promise<string> {
  const id = (await createSession(h, { title })).id;
  await promptAsync(h, id, `Run ${command}`, [toolCall('bash', { command, description: 'Run it' }), ...after]);
  await serverRequest(h, id);
  return id;
}

async function serverRequest(h: RunningHarness, sessionID: string): Promise<string> {
  const listed = await waitFor(
    'the server lists the request',
    // OpenCode 2's question tool makes a form, not a question (the forms cases are their own file).
    async () => [...(await pendingPermissions(h)), ...(isOpencode2() ? [] : ((await h.server.client().question.list({})).data ?? []))],
    (all) => all.some((r) => r.sessionID === sessionID),
    60_000,
  );
  return listed.find((r) => r.sessionID === sessionID)!.id;
}

describe('Pending requests: permissions and questions answered from VS Code', function () {
  this.timeout(240_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  let early: string;
  const settings = () => vscode.workspace.getConfiguration('opencodeSessions');

  before(async () => {
    h = await startHarness(ASKS);
    api = await extensionApi();
    await settings().update('notifyOnRequest', 'always', vscode.ConfigurationTarget.Workspace);
    // Waiting before VS Code knows the server: only the snapshot (GET /permission) can tell.
    early = await waitingOnBash(h, 'Waiting before connect', 'printf ready-before');
    await configureServers([{ name: 'asks', url: h.server.url }]);
    await waitFor(
      'online',
      () => connectionFor(api, h.server.url),
      (c) => c?.state.kind === 'online',
    );
  });

  after(async () => {
    await configureServers([]);
    await settings().update('notifyOnRequest', undefined, vscode.ConfigurationTarget.Workspace);
    await h?.dispose();
  });

  // Each case answers what it started; one that failed half-way leaves a request, which must not stand before the
  // next case's own (nor its unused replies before the next turn's).
  afterEach(async function () {
    const left = await settle(h);
    if (left) console.log(`      (${this.currentTest?.title ?? 'the case'} left ${left} request(s) waiting: rejected)`);
  });

  const connection = () => connectionFor(api, h.server.url)!;
  /** A request row's context: its kind, the server's state, and a `no-<feature>` word for each action its server lacks. */
  const requestContext = (kind: string, c = connection()) => ['request', kind, 'online', ...missingFeatureWords(c)].join(' ');
  const sessionRow = async (id: string) => (await shownTree(api)).find((r) => r.sessionId === id);
  const requestRows = (c: ServerConnection, id: string) =>
    api.tree
      .getChildren(api.tree.sessionNode(c, id))
      .filter((n) => n.kind === 'request')
      .map((node) => ({ node, item: api.tree.getTreeItem(node) }));
  const oneRequestRow = (id: string, c = connection()) =>
    waitFor(
      `a request row under ${id}`,
      () => requestRows(c, id),
      (rows) => rows.length === 1,
    ).then((rows) => rows[0]);
  const idle = (id: string, c = connection()) =>
    waitFor(
      `${id} idle with nothing waiting`,
      () => c.sessions.get(id),
      (r) => r?.status.type === 'idle' && r.requests.size === 0,
      60_000,
    );
  const modelSaw = (fragment: string) =>
    waitFor(
      `the model reads “${fragment}” as a tool result`,
      () => h.model.requests.flatMap((r) => r.toolResults),
      (results) => results.some((t) => t.includes(fragment)),
      60_000,
    );

  it('a session already waiting when VS Code connects shows as waiting; Allow Once runs the command and the row goes', async () => {
    const row = await waitFor(
      'waiting row',
      () => sessionRow(early),
      (r) => r?.contextValue?.startsWith('session waiting ') === true,
    );
    assert.match(row!.description, / · 1 waiting$/);
    const { node, item } = await oneRequestRow(early);
    assert.equal(item.label, 'Run: printf ready-before');
    assert.equal(item.description, `${SHELL} permission`);
    assert.equal(item.contextValue, requestContext('permission'));
    assert.equal(await vscode.commands.executeCommand('opencodeSessions.allowOnce', node), true);
    await modelSaw('ready-before');
    await idle(early);
    assert.equal(requestRows(connection(), early).length, 0);
    assert.doesNotMatch((await sessionRow(early))!.description, /waiting/);
  });

  it('Reject with a message: the tool call is rejected and the message reaches the model', async () => {
    const id = await waitingOnBash(h, 'Reject me', 'rm -rf build', [text('Understood, using the clean script.')]);
    const { node } = await oneRequestRow(id);
    // The positive control for "answered elsewhere never notifies" below: a request that stays raises one.
    const said = await waitFor(
      'a notification for it',
      () => api.said.since(0),
      (n) => n.some((m) => m.includes('rm -rf build')),
    );
    // Allow Always's button grants the server's patterns: the notice shows them.
    const notice = said.find((m) => m.includes('rm -rf build'))!;
    assert.match(notice, /Allow Always allows from now on: \S/, notice);
    assert.equal(
      await vscode.commands.executeCommand('opencodeSessions.rejectRequest', node, { message: 'Use npm run clean instead' }),
      true,
    );
    // OpenCode 2's shell tool (v2 branch b6226260, tool/plugin/shell.ts) answers any failure, a rejection's feedback
    // included, with "Unable to execute command": there the model reads the rejection without the message.
    await modelSaw(SHELL_2 ? 'Unable to execute command: rm -rf build' : 'Use npm run clean instead');
    await idle(id);
  });

  it('a sub-agent’s request shows under the child, is counted on its parent, and answering it resumes the child', async () => {
    const parent = (await createSession(h, { title: 'Delegating parent' })).id;
    await promptAsync(h, parent, 'Delegate the listing', [
      taskCall('List files', 'Please list the files'),
      toolCall('bash', { command: 'ls -a', description: 'List files' }),
      text('Listed.'),
      text('The sub-agent listed them.'),
    ]);
    const child = await waitFor(
      'the child session',
      () => connection().sessions.childrenOf(parent),
      (c) => c.length === 1,
    ).then((c) => c[0].info.id);
    const { node, item } = await oneRequestRow(child);
    assert.equal(item.description, `${SHELL} permission · sub-agent`);
    await waitFor(
      'the parent counts it',
      () => sessionRow(parent),
      (r) => r?.description.endsWith(' · 1 waiting') === true,
    );
    await vscode.commands.executeCommand('opencodeSessions.allowOnce', node);
    await idle(parent);
    await idle(child);
    await waitFor(
      'the parent no longer waits',
      () => sessionRow(parent),
      (r) => r !== undefined && !r.description.includes('waiting'),
    );
  });

  // OpenCode 2 has no question requests: its question tool makes a form, answered in the forms cases.
  (isOpencode2() ? it.skip : it)('a question answered from VS Code reaches the model as the tool result', async () => {
    const id = (await createSession(h, { title: 'Asks a question' })).id;
    const hostile = 'Which colour? [Continue](command:workbench.action.quit) $(zap) <img src=x onerror=alert(1)>';
    const questions = [
      {
        question: hostile,
        header: 'Colour',
        options: [
          { label: 'Red', description: 'warm' },
          { label: 'Blue', description: 'cool' },
        ],
      },
    ];
    await promptAsync(h, id, 'Ask me', [toolCall('question', { questions }), text('Blue it is.')]);
    const { node, item } = await oneRequestRow(id);
    assert.equal(item.label, hostile, 'plain text');
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.ok(!tooltip.includes('](command:') && !tooltip.includes('<img') && !tooltip.includes(' $(zap)'), tooltip);
    assert.equal(item.contextValue, requestContext('question'));
    assert.equal(await vscode.commands.executeCommand('opencodeSessions.answerQuestion', node, { answers: [['Blue']] }), true);
    await modelSaw('Blue');
    await idle(id);
  });

  it('answered in another client meanwhile: the row goes, no notification, no error', async () => {
    // "Meanwhile" is the notifier's grace period: long here, so the answer below lands in it on a busy machine too.
    const grace = api.requestNotifier.graceMs;
    api.requestNotifier.graceMs = 120_000;
    const said = api.said.total;
    try {
      const id = (await createSession(h, { title: 'Answered in the TUI' })).id;
      await promptAsync(h, id, 'Print the folder', [toolCall('bash', { command: 'pwd', description: 'Where am I' }), text('There.')]);
      const requestID = await serverRequest(h, id);
      // The notifier reads the list the waiting item counts (the only request waiting here): it has met this one.
      await waitFor(
        'counted waiting',
        () => api.waitingStatusBar.item.text,
        (t) => t === '$(bell) 1 waiting',
      );
      await replyPermission(h, { id: requestID, sessionID: id }, 'once');
      await idle(id);
      // A stale answer (a notification clicked late) finds it gone and says so quietly.
      assert.equal(
        await vscode.commands.executeCommand('opencodeSessions.allowOnce', {
          kind: 'request',
          serverId: connection().config.id,
          sessionId: id,
          requestId: requestID,
        }),
        false,
      );
      // No longer counted: the notifier, reading the same list, has let it go unannounced.
      await waitFor(
        'no longer counted',
        () => api.waitingStatusBar.item.text,
        (t) => t === '',
      );
      assert.ok(!api.said.since(said).some((m) => m.includes('pwd')), api.said.since(said).join('\n'));
    } finally {
      api.requestNotifier.graceMs = grace;
    }
  });

  it('hostile text in a command is shown as plain text, in the row and its tooltip', async () => {
    const hostile = 'printf "<img src=x onerror=alert(1)> [run](command:workbench.action.quit) $(zap)\u202e"';
    // Rejected without a message, the turn ends there: no closing reply is queued for the model.
    const id = await waitingOnBash(h, 'Hostile command', hostile, []);
    const { node, item } = await oneRequestRow(id);
    // OpenCode 2's shell tool asks for each command in the line: `$(zap)` runs `zap`, listed as a second resource.
    const asked = 'printf "<img src=x onerror=alert(1)> [run](command:workbench.action.quit) $(zap)"' + (SHELL_2 ? ', zap' : '');
    assert.equal(item.label, `Run: ${asked}`, 'plain text, bidi override dropped');
    const tooltip = item.tooltip as vscode.MarkdownString;
    assert.equal(tooltip.isTrusted, false);
    assert.equal(tooltip.supportHtml, false);
    assert.ok(!tooltip.value.includes('<img') && tooltip.value.includes('&lt;img'), tooltip.value);
    assert.ok(!tooltip.value.includes('](command:'), tooltip.value);
    assert.ok(!tooltip.value.includes(' $(zap)'), tooltip.value);
    await vscode.commands.executeCommand('opencodeSessions.rejectRequest', node, { message: '' });
    await idle(id);
  });

  it('two servers with requests at once: the status bar counts both, each answer goes to its own server', async () => {
    const h2 = await startHarness(ASKS);
    try {
      const one = await waitingOnBash(h, 'First server waits', 'printf one');
      const two = await waitingOnBash(h2, 'Second server waits', 'printf two');
      await configureServers([
        { name: 'asks', url: h.server.url },
        { name: 'asks too', url: h2.server.url },
      ]);
      const second = await waitFor(
        'both online',
        () => connectionFor(api, h2.server.url),
        (c) => c?.state.kind === 'online' && connection().state.kind === 'online',
      );
      await waitFor(
        'both counted',
        () => api.waitingStatusBar.item.text,
        (s) => s === '$(bell) 2 waiting',
      );
      // One bell in the status bar: the cost item says it to a screen reader, and draws no bell of its own.
      const cost = await waitFor(
        'the cost item told of the other session waiting',
        () => costItem(api),
        (shown) => shown.accessibleName.includes('other sessions wait for you'),
      );
      assert.ok(!cost.text.includes('$(bell)'), `one bell: ${cost.text}`);
      await vscode.commands.executeCommand('opencodeSessions.allowOnce', (await oneRequestRow(two, second)).node);
      await idle(two, second);
      await waitFor(
        'one left',
        () => api.waitingStatusBar.item.text,
        (s) => s === '$(bell) 1 waiting',
      );
      // One other: in the singular (issue 77: "1 other sessions wait").
      await waitFor(
        'the cost item told of the one other session waiting',
        () => costItem(api),
        (shown) => shown.accessibleName.endsWith(', 1 other session waits for you'),
      );
      assert.equal((await pendingPermissions(h)).length, 1, 'the first server’s request is untouched');
      await vscode.commands.executeCommand('opencodeSessions.allowOnce', (await oneRequestRow(one)).node);
      await idle(one);
      await waitFor(
        'none left',
        () => api.waitingStatusBar.item.text,
        (s) => s === '',
      );
    } finally {
      await configureServers([{ name: 'asks', url: h.server.url }]);
      await h2.dispose();
    }
  });

  // Last: "always" holds for the rest of this server's run, so no later test may run `echo`.
  it('Allow Always for a pattern: the next matching command is not asked again', async () => {
    await waitFor(
      'online',
      () => connectionFor(api, h.server.url),
      (c) => c?.state.kind === 'online',
    );
    const id = (await createSession(h, { title: 'Allow always' })).id;
    const asked = new Set<string>();
    const watch = connection().onDidChangeSessions.on(() => {
      for (const r of connection().sessions.get(id)?.requests.keys() ?? []) asked.add(r);
    });
    try {
      await promptAsync(h, id, 'Echo twice', [
        toolCall('bash', { command: 'echo first', description: 'First' }),
        toolCall('bash', { command: 'echo second', description: 'Second' }),
        text('Both ran.'),
      ]);
      const { node, item } = await oneRequestRow(id);
      assert.equal(item.label, 'Run: echo first');
      await vscode.commands.executeCommand('opencodeSessions.allowAlways', node);
      await modelSaw('second');
      await idle(id);
      assert.equal(asked.size, 1, 'only the first call asked');
    } finally {
      watch.dispose();
    }
  });
});

// OpenCode 2's question tool asks with a form: in a real VS Code against the real OpenCode 2 server (the binary in
// OCS_OPENCODE2, else 1.18.33's question tool behind the release-shape adapter) and the scripted model, the form is a row in the inbox, answered field by field through the
// quick picks and the input box the Answer command shows (driven through the QuickPick/InputBox objects the
// walker made and its accept; Escape through the workbench's close command), dismissed, or answered elsewhere.
// The server's own record of the form says what it received.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { FormPickItem } from '../../../src/features/inbox/formInputs';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { missingFeatureWords } from '../../../src/app/servers/serverFeatures';
import { formState2, settle2 } from '../../harness/opencode2';
import { text, toolCall } from '../../harness/scriptedModel';
import { configureServers, connectionFor, extensionApi, waitFor } from '../helpers/extensionApi';
import { choose as chooseIn, shownPick as formPick } from '../helpers/formPicks';
import {
  connectOpencode2,
  opencode2Binary,
  RUNS_OPENCODE2,
  SKIPPED_OUTSIDE_OPENCODE2,
  startOpencode2,
  type Opencode2Server,
} from '../helpers/opencode2Server';
import { idleWithNothingWaiting, requestRow as requestRowOf } from '../helpers/requestRows';

interface Form {
  id: string;
  sessionID: string;
}

const HOSTILE = 'Which colour? [Continue](command:workbench.action.quit) $(zap)';
/** One question of each kind the question tool makes: one choice, several choices, a typed answer. */
const QUESTIONS = [
  {
    question: HOSTILE,
    header: 'Colour $(zap)',
    options: [
      { label: 'Red', description: 'warm' },
      { label: 'Blue', description: 'cool' },
    ],
  },
  {
    question: 'Which sizes?',
    header: 'Sizes',
    multiple: true,
    options: [
      { label: 'S', description: 'small' },
      { label: 'M', description: 'medium' },
      { label: 'L', description: 'large' },
    ],
  },
  { question: 'Anything else?', header: 'Notes', options: [{ label: 'No', description: 'nothing' }] },
];

describe('OpenCode 2 forms: the question tool answered from VS Code’s inbox', function () {
  this.timeout(300_000);
  const binary = opencode2Binary();
  let s: Opencode2Server;
  let api: ExtensionApi;
  let early: string;
  const settings = () => vscode.workspace.getConfiguration('opencodeSessions');

  before(async function () {
    if (!RUNS_OPENCODE2) {
      console.log(`      ${SKIPPED_OUTSIDE_OPENCODE2}`);
      return this.skip();
    }
    s = await startOpencode2(binary);
    api = await extensionApi();
    await settings().update('notifyOnRequest', 'always', vscode.ConfigurationTarget.Workspace);
    // Waiting before VS Code knows the server: only the snapshot (GET /api/session/{id}/form) can tell.
    early = await asking('Asks before connect', QUESTIONS);
    await connectOpencode2(api, s, 'opencode 2');
  });

  // Each case answers or cancels the form it made, even when it fails: a form left waiting, or a reply no turn used,
  // must not stand before the next case's own.
  afterEach(async function () {
    if (!RUNS_OPENCODE2) return;
    const left = await settle2(s);
    s.model.clearQueue();
    if (left) console.log(`      (${this.currentTest?.title ?? 'the case'} left ${left} form(s) waiting: cancelled)`);
  });

  after(async () => {
    if (!RUNS_OPENCODE2) return;
    await configureServers([]);
    await settings().update('notifyOnRequest', undefined, vscode.ConfigurationTarget.Workspace);
    await s?.dispose();
  });

  /** A new session whose model calls the question tool; resolves once the server lists its form. */
  async function asking(title: string, questions: unknown[], after = [text('Thanks, going on.')]): Promise<string> {
    const id = (await s.call<{ data: { id: string } }>('/api/session', { method: 'POST', body: { title } })).data.id;
    s.model.enqueue(toolCall('question', { questions }), ...after);
    await s.call(`/api/session/${id}/prompt`, { method: 'POST', body: { text: 'Ask me' } });
    await serverForm(id);
    return id;
  }
  const serverForm = (id: string) =>
    waitFor(
      `the server lists ${id}'s form`,
      async () => (await s.call<{ data: Form[] }>(`/api/session/${id}/form`)).data,
      (forms) => forms.length === 1,
      60_000,
    ).then((forms) => forms[0]);
  const formState = (form: Form) => formState2(s, form.sessionID, form.id);

  const connection = () => connectionFor(api, s.url)!;
  const requestRow = (id: string, c: ServerConnection = connection()) => requestRowOf(api, c, id);
  const idle = (id: string) => idleWithNothingWaiting(connection, id);

  const shownPick = (title: RegExp) => formPick(api, title);
  const choose = (pick: vscode.QuickPick<FormPickItem>, ...labels: string[]) => chooseIn(api, pick, ...labels);

  it('a form already open when VS Code connects: each field answered in its quick pick, the server receives exactly that, the session goes on', async () => {
    const { node, item } = await requestRow(early);
    assert.equal(item.label, `${HOSTILE} (+2 more)`, 'plain text');
    assert.equal(item.description, 'question');
    assert.equal(item.contextValue, ['request question online', ...missingFeatureWords(connection())].join(' '));
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.ok(!tooltip.includes('](command:') && !tooltip.includes(' $(zap)'), tooltip);
    const form = await serverForm(early);
    const answered = vscode.commands.executeCommand<boolean>('opencodeSessions.answerQuestion', node);

    // 1/3: one choice. The model's text shows without its icon or link.
    const colour = await shownPick(/^\(1\/3\) Colour/);
    assert.ok(!colour.title!.includes('$(zap)') && !colour.placeholder!.includes('$(zap)'), colour.title);
    assert.deepEqual(
      colour.items.map((i) => i.label),
      ['Red', 'Blue', '$(edit) Type your own answer…', '$(debug-step-over) Skip (optional)'],
    );
    choose(colour, 'Blue');

    // 2/3: several choices, ticked one by one.
    const sizes = await shownPick(/^\(2\/3\) Sizes/);
    assert.equal(sizes.canSelectMany, true);
    choose(sizes, 'S', 'L');

    // 3/3: a typed answer besides the options.
    const notes = await shownPick(/^\(3\/3\) Notes/);
    choose(notes, '$(edit) Type your own answer…');
    const box = (await waitFor(
      'the input box',
      () => api.formInputs.shown,
      (shown) => shown !== undefined && !('items' in shown),
    )) as vscode.InputBox;
    assert.equal(box.prompt, 'Anything else?');
    box.value = 'Teal trim, please';
    api.formInputs.accept();

    assert.equal(await answered, true);
    assert.deepEqual(await formState(form), { status: 'answered', answer: { q0: 'Blue', q1: ['S', 'L'], q2: 'Teal trim, please' } });
    await waitFor(
      'the model reads the answers as the tool result',
      () => s.model.requests.flatMap((r) => r.toolResults),
      (results) => results.some((t) => t.includes('"Which sizes?"="S, L"') && t.includes('"Anything else?"="Teal trim, please"')),
      60_000,
    );
    await idle(early);
  });

  it('a form that arrives live: Escape answers nothing and it still waits; Dismiss cancels it and the session goes on', async () => {
    const id = await asking('Asks live', QUESTIONS.slice(0, 1), []);
    const { node } = await requestRow(id);
    const form = await serverForm(id);
    await waitFor(
      'a notification for it',
      () => api.said.since(0),
      (n) => n.some((m) => m.includes('Asks live') && m.includes('Which colour?')),
    );
    const answered = vscode.commands.executeCommand<boolean>('opencodeSessions.answerQuestion', node);
    await shownPick(/^Colour/);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await answered, false);
    assert.deepEqual(await formState(form), { status: 'pending' });
    assert.equal(connection().sessions.get(id)?.requests.size, 1, 'still in the inbox');

    assert.equal(await vscode.commands.executeCommand('opencodeSessions.dismissQuestion', node), true);
    // Releases keep a reason sent with the cancel (`DELETE …/form/{id}?message=`) beside the status.
    assert.equal((await formState(form)).status, 'cancelled');
    await idle(id);
  });

  it('a form answered elsewhere (the TUI, the web) leaves the inbox', async () => {
    const id = await asking('Answered elsewhere', QUESTIONS.slice(0, 1));
    await requestRow(id);
    const form = await serverForm(id);
    await s.call(`/api/session/${id}/form/${form.id}/reply`, { method: 'POST', body: { answer: { q0: 'Red' } } });
    await idle(id);
    // A stale click (a notification answered late) finds it settled and says so quietly.
    assert.equal(
      await vscode.commands.executeCommand('opencodeSessions.answerQuestion', {
        kind: 'request',
        serverId: connection().config.id,
        sessionId: id,
        requestId: form.id,
      }),
      false,
    );
  });
});

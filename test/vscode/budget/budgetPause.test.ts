// Budgets that pause a whole task tree and resume it when raised, in a real VS Code against a real server with the
// scripted model: a parent with two running sub-agents crosses a $1.00 session budget set to pause; every session of
// the tree stops (the time from the crossing step to the last one idle is printed, never asserted), nothing more is
// spent than the crossing step and the steps then in flight; the tree, the status bar, the badge and session_status
// say paused; a second window (a second app on the same storage and owner file, as another VS Code window on this
// machine: see below) sees the same pauses, as a restarted window reads them from the stored state, and acts on
// none; Raise Budget and Resume… to $3 resumes all three once each, in pause order, and each finishes its task
// (the model reads the continue prompt, its final answers arrive).
//
// The second window: two VS Code windows share the user's global state and global storage folder. Here a second set
// of the app's parts (its own connection to the server, sessions model, spend windows, pauses, enforcer and settings
// watcher) runs in this extension host on the extension's own global state and owner folder: the UI test route (two
// code-server windows) gives each window its own browser storage, which two desktop windows do not have.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BudgetPauses } from '../../../src/app/budgets/budgetPauses';
import { ServerRegistry } from '../../../src/app/servers/serverRegistry';
import { SessionsModel } from '../../../src/app/sessions/sessionsModel';
import { SpendWindows } from '../../../src/app/budgets/spendWindows';
import { countListPrice } from '../../../src/app/settings/listPrice';
import { BudgetEnforcer } from '../../../src/features/budget/budgetEnforcer';
import { HeldPrompts } from '../../../src/features/budget/heldPrompts';
import { PauseActions } from '../../../src/features/budget/pauseCommands';
import { SessionAborter } from '../../../src/features/budget/sessionAborter';
import { SessionPauser, type ResumeResult } from '../../../src/features/budget/sessionPauser';
import type { ExtensionApi } from '../../../src/extension';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, children, promptAsync } from '../../harness/scenario';
import { taskCalls, text, toolCall, type ModelRequest, type Reply } from '../../harness/scriptedModel';
import { usageCosting } from '../../harness/stepUsage';
import { costItem, configureServers, connectionFor, serverForSuite, waitFor } from '../helpers/extensionApi';
import { budgetNotices } from '../helpers/budgetSaid';

const CONTINUE = 'Paused by the test budget: carry on.';
// The parent's step (its two task calls) is recorded by 1.x only once its tools end: it is kept small, and counted
// with the steps in flight.
const STEP = { parent: 0.0003, a1: 0.5, b1: 0.55, a2: 0.2, b2: 0.2 } as const;
const PROMPT = { parent: 'Split the audit in two', a: 'Audit the north wing', b: 'Audit the south wing' };

describe('Budgets that pause a task tree and resume it when raised', function () {
  this.timeout(300_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  let proxy: FaultProxy;
  const suite = serverForSuite('budget pause');
  const config = () => vscode.workspace.getConfiguration('opencodeSessions');
  const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);
  let second: { dispose(): void; pauses: BudgetPauses; sessions: SessionsModel; registry: ServerRegistry } | undefined;

  before(async () => {
    ({ h, api } = suite);
    proxy = await new FaultProxy(h.server.url).start();
    await configureServers([{ name: 'budget pause', url: proxy.url }]);
    await waitFor(
      'online through the proxy',
      () => connectionFor(api, proxy.url)?.state.kind,
      (k) => k === 'online',
    );
    await set('budget.resumePrompt', CONTINUE);
    await set('budget.perSession', 1);
    await set('budget.onExceeded', 'pause');
  });

  after(async () => {
    second?.dispose();
    h.model.route = undefined;
    for (const key of ['budget.onExceeded', 'budget.perSession', 'budget.resumePrompt']) await set(key, undefined);
    await configureServers([{ name: 'budget pause', url: h.server.url }]);
    await proxy?.stop();
  });

  /** A second window's parts on the same storage and owner file (see the header). */
  function secondWindow() {
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const secrets = new Map<string, string>();
    const storage: vscode.SecretStorage = {
      get: (key) => Promise.resolve(secrets.get(key)),
      store: (key, value) => Promise.resolve(void secrets.set(key, value)),
      delete: (key) => Promise.resolve(void secrets.delete(key)),
      onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
    };
    const registry = new ServerRegistry(storage, log);
    const sessions = new SessionsModel(registry);
    const spend = new SpendWindows(registry, countListPrice);
    const pauses = new BudgetPauses(sessions, api.budgetPauses.storage, log);
    const pauser = new SessionPauser(pauses, sessions, log);
    const held = new HeldPrompts(pauses, sessions, spend, log);
    const enforcer = new BudgetEnforcer(sessions, spend, new SessionAborter(log), pauser, pauses, held);
    const actions = new PauseActions({ pauses, pauser, sessions, spend, active: api.active });
    registry.reload();
    return {
      pauses,
      sessions,
      registry,
      dispose: () => {
        vscode.Disposable.from(actions, enforcer, held, pauses, sessions, registry).dispose();
      },
    };
  }

  /** What the server has of a session: its step-finish parts, its last text, whether it runs. */
  async function serverRecord(id: string): Promise<{ steps: number; busy: boolean; lastText: string }> {
    const client = h.server.client(h.server.directory);
    const messages = (await client.session.messages({ sessionID: id })).data ?? [];
    const statuses = (await client.session.status()).data ?? {};
    const texts = messages.flatMap((m) => (m.info.role === 'assistant' ? m.parts : [])).filter((p) => p.type === 'text');
    return {
      steps: messages.flatMap((m) => m.parts).filter((p) => p.type === 'step-finish').length,
      busy: (statuses[id]?.type ?? 'idle') !== 'idle',
      lastText: texts.length ? (texts[texts.length - 1] as { text: string }).text : '',
    };
  }

  it('pauses the parent and both running sub-agents at the crossing; Raise Budget and Resume to $3 lets each finish', async () => {
    const connection = connectionFor(api, proxy.url)!;
    second = secondWindow();
    const secondConnection = await waitFor(
      'the second window online',
      () => second!.registry.all.find((c) => c.config.url === proxy.url),
      (c) => c?.state.kind === 'online',
    );
    assert.equal(api.budgetPauses.acts(), true, 'the extension window acts');
    assert.equal(second.pauses.acts(), false, 'the second window leaves it to the first');

    // Each session's replies by its first prompt: two sub-agents ask side by side. Each sub-agent's second step
    // is held (in flight when the budget is crossed); the south wing's first step waits until the north wing's
    // is recorded, so that it is the crossing step.
    let releaseB1!: () => void;
    const b1 = new Promise<void>((resolve) => (releaseB1 = resolve));
    const never = new Promise<void>(() => undefined);
    const asked = new Map<string, number>();
    const seen: ModelRequest[] = [];
    h.model.route = (req) => {
      const who = req.firstUserText.includes(PROMPT.a)
        ? 'a'
        : req.firstUserText.includes(PROMPT.b)
          ? 'b'
          : req.firstUserText.includes(PROMPT.parent)
            ? 'parent'
            : undefined;
      if (!who || req.kind !== 'chat') return undefined;
      seen.push(req);
      if (req.lastUserText.includes(CONTINUE)) return text(`${who} finished after the pause.`, usageCosting(0.01));
      const n = (asked.get(who) ?? 0) + 1;
      asked.set(who, n);
      const replies: Record<string, Reply[]> = {
        parent: [
          taskCalls(
            [
              { description: 'North wing', prompt: PROMPT.a },
              { description: 'South wing', prompt: PROMPT.b },
            ],
            usageCosting(STEP.parent),
          ),
        ],
        a: [
          toolCall('glob', { pattern: 'north-*' }, usageCosting(STEP.a1)),
          { ...text('North done.', usageCosting(STEP.a2)), hold: never },
        ],
        b: [
          { ...toolCall('glob', { pattern: 'south-*' }, usageCosting(STEP.b1)), hold: b1 },
          { ...text('South done.', usageCosting(STEP.b2)), hold: never },
        ],
      };
      // Asked again before its stop landed (a sub-agent's task ended under it): held, so nothing spends.
      return replies[who][n - 1] ?? { ...text(`${who} again.`, usageCosting(0.01)), hold: never };
    };

    const { id } = await createSession(h, { title: 'Audit tree' });
    const notices = api.said.total;
    await promptAsync(h, id, PROMPT.parent, []);
    const kids = await waitFor(
      'two sub-agents',
      () => children(h, id),
      (cs) => cs.length === 2,
    );
    await waitFor(
      "the north wing's first step recorded",
      () => connection.sessions.inclusive(id).cost,
      (cost) => cost >= STEP.a1 - 1e-9,
      undefined,
      (cost) =>
        `${cost}; own: ${JSON.stringify([id, ...kids.map((k) => k.id)].map((s) => [s, connection.sessions.get(s)?.own.cost, connection.sessions.get(s)?.status.type]))}; asked: ${JSON.stringify([...asked])}`,
    );
    const tree = [id, ...kids.map((k) => k.id)];
    assert.ok(
      tree.every((s) => connection.sessions.get(s)?.status.type !== 'idle'),
      'all three run before the crossing',
    );
    releaseB1();
    const crossed = await waitFor(
      'the crossing step in the store',
      () => connection.sessions.inclusive(id).cost,
      (cost) => cost > 1,
    );
    const crossedAt = Date.now();
    await waitFor(
      'every session of the tree idle',
      () => tree.map((s) => connection.sessions.get(s)?.status.type),
      (states) => states.every((s) => s === 'idle'),
    );
    console.log(`      crossing step → whole tree idle: ${Date.now() - crossedAt} ms (from the store's view of the crossing)`);
    const stopped = await waitFor(
      'every session stopped on the server',
      () => Promise.all(tree.map(serverRecord)),
      (rs) => rs.every((r) => !r.busy),
      undefined,
      JSON.stringify,
    );
    const pauses = await waitFor(
      'three sessions paused',
      () => api.budgetPauses.all(),
      (ps) => ps.length === 3 && ps.every((p) => p.phase === 'paused'),
      undefined,
      (ps) =>
        JSON.stringify({
          held: ps.map((p) => [tree.indexOf(p.sessionId), p.phase, connection.sessions.get(p.sessionId)?.status.type]),
          ended: tree.map((s) => api.budgetPauses.ended.of(connection.config.id, s).map((span) => span.why?.ended)),
          acts: api.budgetPauses.acts(),
        }),
    );
    assert.deepEqual(new Set(pauses.map((p) => p.sessionId)), new Set(tree));
    for (const p of pauses) assert.deepEqual([p.budget, p.limit, p.rootId], ['session', 1, id]);
    for (const s of tree) assert.equal(proxy.seen.get(`/session/${s}/abort`), 1, `one stop sent to ${s}, by one window`);

    // Spend past the cap: the crossing step's own excess, and at most the steps then in flight.
    const spent = connection.sessions.inclusive(id).cost;
    const inFlight = STEP.parent + STEP.a2 + STEP.b2;
    assert.ok(spent - 1 <= STEP.b1 + inFlight + 1e-9, `past the cap: ${spent - 1}`);
    assert.ok(spent - crossed <= STEP.parent + 1e-9, `nothing spent after the crossing step but the parent's own: ${crossed} → ${spent}`);
    const notice = await waitFor(
      'the pause notice',
      () => budgetNotices(api, notices),
      (n) => n.length > 0,
    );
    assert.equal(notice.length, 1, notice.join('\n'));
    assert.match(
      notice[0],
      /“Audit tree” on budget pause reached its session budget of \$1\.00\. Paused 3 sessions between model requests/,
    );
    assert.match(notice[0], /As of [^:]+:\d{2}:\d{2}[^:]*: \$1\.\d+ spent, \$0\.\d+ past the budget\./);

    // Paused, everywhere a state shows.
    const row = await waitFor(
      'the parent row says paused',
      () => api.tree.getTreeItem(api.tree.sessionNode(connection, id)),
      (item) => String(item.description).includes('paused by the $1.00 session budget'),
    );
    assert.equal((row.iconPath as vscode.ThemeIcon).id, 'debug-pause');
    assert.match(String(row.contextValue), /\bpaused\b/, 'its row offers Raise Budget and Resume… and Resume Without Raising');
    const child = api.tree.getTreeItem(api.tree.sessionNode(connection, kids[0].id));
    assert.match(String(child.description), /paused by the \$1\.00 session budget/);
    await vscode.commands.executeCommand('opencodeSessions.switchSession', { serverId: connection.config.id, sessionId: id });
    const bar = await waitFor(
      'the status bar says paused',
      () => costItem(api),
      (s) => s.text.includes('paused by the $1.00 session budget'),
    );
    assert.equal(bar.command?.command, 'opencodeSessions.raiseBudgetAndResume', 'a click raises and resumes');
    const badge = await waitFor(
      'the badge counts the paused root',
      () => api.sessionsView.badge,
      (b) => b !== undefined && b.tooltip.includes('Paused by a budget: “Audit tree”'),
    );
    assert.ok(badge!.value >= 1);
    const status = (await api.getAPI(1).getSessionStatus(kids[1].id))!;
    assert.deepEqual(
      { ...status.paused!, at: typeof status.paused?.at },
      { budget: 'session', limit: 1, spent: pauses.find((p) => p.sessionId === kids[1].id)!.spent, at: 'string' },
    );
    assert.equal(
      api
        .getAPI(1)
        .listSessions()
        .find((s) => s.id === id)?.paused?.budget,
      'session',
    );

    // The second window, as a window started now: the same pauses, read from the stored state.
    await waitFor(
      'the second window sees the three pauses',
      () => tree.map((s) => second!.pauses.of(secondConnection!.config.id, s)?.phase),
      (phases) => phases.every((p) => p === 'paused'),
    );
    // What the second window tells its views of the acting window's writes (VS Code's global state tells no one).
    const told = new Set<string>();
    const listening = second.pauses.onDidChange(({ sessions }) => sessions.forEach((s) => told.add(s.sessionId)));

    // Raise Budget and Resume… to $3: the forecast beside the amount, then each resumed once, in pause order.
    const raising = vscode.commands.executeCommand<ResumeResult[] | undefined>('opencodeSessions.raiseBudgetAndResume', 'session');
    const input = api.budgetPause.actions.raiseInput;
    const box = await waitFor(
      'the new limit asked',
      () => input.shown,
      (b) => b !== undefined,
    );
    // Offered as money reads everywhere else (issue 77: a bare "4"), and taken back with or without the "$".
    assert.match(box!.value, /^\$\d+\.\d\d$/, 'the amount offered');
    input.type('1.01');
    const invalid = box!.validationMessage;
    assert.match(typeof invalid === 'string' ? invalid : (invalid?.message ?? ''), /More than the \$1\.\d\d spent/);
    input.type('$3');
    assert.match(box!.prompt ?? '', /At the pace before the pause \(\$[\d.]+\/h\), \$1\.\d\d more lasts about /);
    input.accept();
    const resumes = await raising;
    assert.equal(config().inspect('budget.perSession')?.globalValue, 3, "written to the user's settings");
    assert.deepEqual(
      resumes?.map((r) => [r.pause.sessionId, r.way]),
      [...pauses].sort((a, b) => a.seq - b.seq).map((p) => [p.sessionId, 'prompt']),
      'each resumed once, with a prompt (1.x), in the order paused',
    );
    const finals = await waitFor(
      'each finished its task',
      () => Promise.all(tree.map(serverRecord)),
      (rs) => rs.every((r) => !r.busy && / finished after the pause\.$/.test(r.lastText)),
      undefined,
      JSON.stringify,
    );
    assert.equal(finals[0].lastText, 'parent finished after the pause.');
    assert.deepEqual(finals.map((r) => r.lastText.split(' ')[0]).sort(), ['a', 'b', 'parent'], 'each its own final answer');
    for (const s of tree) {
      assert.equal(proxy.seen.get(`/session/${s}/prompt_async`), 1, `one resume sent to ${s}, by one window`);
      assert.ok(finals[tree.indexOf(s)].steps > stopped[tree.indexOf(s)].steps, `${s} went on`);
    }
    const continued = seen.filter((r) => r.lastUserText.includes(CONTINUE));
    assert.equal(continued.length, 3, 'the model read the continue prompt once per session');
    await waitFor(
      'no pause left, in either window',
      () => [api.budgetPauses.all().length, second!.pauses.all().length],
      ([a, b]) => a === 0 && b === 0,
    );
    assert.deepEqual(
      tree.map((s) => api.budgetPauses.ended.of(connection.config.id, s).at(-1)?.why?.ended),
      ['resumed', 'resumed', 'resumed'],
    );
    // The Timeline's pause spans outlive a reload and reach every window (issue 73): a window opened now (a new book
    // on the same storage) and the second window read each session's ended pause, from its stop to its resume.
    const reopened = new BudgetPauses(second.sessions, api.budgetPauses.storage, { info: () => undefined, warn: () => undefined });
    try {
      for (const [window, pauses] of [
        ['reopened', reopened],
        ['second', second.pauses],
      ] as const)
        for (const s of tree) {
          const spans = pauses.ended.of(connection.config.id, s);
          assert.equal(spans.length, 1, `${window}: ${s}: ${JSON.stringify(spans)}`);
          assert.deepEqual(spans[0].why, { name: 'session', limit: 1, ended: 'resumed' });
          assert.ok(spans[0].end > spans[0].start, `${window}: ${s}: from the stop to the resume`);
        }
    } finally {
      reopened.dispose();
    }
    await waitFor(
      'the second window told its views that the three pauses ended',
      () => tree.filter((s) => told.has(s)).length,
      (n) => n === 3,
    );
    listening.dispose();

    // The notification's Raise Budget and Resume… again, with nothing paused now: said, and no setting written.
    const said = api.said.total;
    void vscode.commands.executeCommand('opencodeSessions.raiseBudgetAndResume', 'session');
    await waitFor(
      'nothing paused, said',
      () => api.said.since(said),
      (m) => m.some((line) => /nothing is paused by the .*session budget now/.test(line)),
    );
    assert.equal(api.budgetPause.actions.raiseInput.shown, undefined, 'no limit asked');
    assert.equal(config().inspect('budget.perSession')?.globalValue, 3, 'the limit unchanged');
  });
  it('a server the second window started itself is paused by that window, though it does not act for all', async () => {
    // Each window starts its own local server (a port of its own): the window that acts for all never sees it.
    const own = await startHarness();
    await set('budget.perSession', 1); // the test before raised it to $3
    second ??= secondWindow();
    const window2 = second;
    try {
      const ownProxy = await new FaultProxy(own.server.url).start();
      try {
        window2.registry.setImplicit({ config: { id: ownProxy.url, url: ownProxy.url, name: 'embedded', origin: 'embedded' } });
        const ownConnection = await waitFor(
          'the second window online on its own server',
          () => window2.registry.all.find((c) => c.config.url === ownProxy.url),
          (c) => c?.state.kind === 'online',
        );
        assert.equal(window2.pauses.acts(), false, 'the second window does not act for all');
        assert.equal(connectionFor(api, ownProxy.url), undefined, 'the acting window does not reach this server');
        const { id } = await createSession(own, { title: 'Local only' });
        const never = new Promise<void>(() => undefined);
        // Two steps, the second crossing $1.00 (each far below the context OpenCode keeps free), then one held in
        // flight: the pause stops it.
        await promptAsync(own, id, 'Tidy the local notes', [
          toolCall('glob', { pattern: 'notes-*' }, usageCosting(0.55)),
          toolCall('glob', { pattern: 'drafts-*' }, usageCosting(0.55)),
          { ...text('Tidied.', usageCosting(0.1)), hold: never },
        ]);
        const pause = await waitFor(
          'the session paused by the second window',
          () => window2.pauses.of(ownConnection!.config.id, id),
          (p) => p?.phase === 'paused',
          undefined,
          (p) =>
            JSON.stringify({
              pause: p,
              status: ownConnection!.sessions.get(id)?.status.type,
              cost: ownConnection!.sessions.inclusive(id).cost,
              acts: window2.pauses.acts(),
              actsFor: window2.pauses.actsFor(ownConnection!),
              asked: own.model.requests.length,
            }),
        );
        assert.deepEqual([pause!.budget, pause!.limit], ['session', 1]);
        assert.equal(ownProxy.seen.get(`/session/${id}/abort`), 1, 'one stop, sent by the window that reaches the server');
        assert.equal(api.budgetPauses.of(ownConnection!.config.id, id)?.phase, 'paused', 'the acting window reads the same book');
        window2.pauses.releaseAll(window2.pauses.all());
      } finally {
        await ownProxy.stop();
      }
    } finally {
      window2.registry.setImplicit(undefined);
      await own.dispose();
    }
  });
});

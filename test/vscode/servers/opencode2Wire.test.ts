// What a release offers and what it does not, on the wire: a REAL OpenCode 2 service (`opencode serve --service`,
// the binary OCS_OPENCODE2 names, else 1.18.33 behind the release-shape adapter; random port and password)
// registered in service.json, and VS Code with no server settings, as a new user has it. A recording proxy
// (test/harness/faultProxy.ts) stands between them: the registration the extension reads names the proxy, which
// passes everything through and keeps what the extension sent. The server's own document (`GET /openapi.json`,
// test/harness/opencode2Contract.ts) says which route and body each action must use, so the same checks hold on 2.x
// releases, on the older 2-line build and on the adapter; an action the document does not name must say it is not
// offered and send nothing. Outside the opencode2 stage these cases are skipped.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { notOfferedMessage } from '../../../src/app/servers/serverFeatures';
import type { ServerConnection } from '../../../src/client/serverConnection';
import type { ExtensionApi } from '../../../src/extension';
import { FaultProxy, type RecordedRequest } from '../../harness/faultProxy';
import { gitRepo, NUMBERED } from '../../harness/gitProject';
import { compact2, createSession2, formState2, getSession2, messages2, permissionReplyKey, prompt2, wait2 } from '../../harness/opencode2';
import { contractOf, routeShape, type Contract } from '../../harness/opencode2Contract';
import { Opencode2Service } from '../../harness/opencode2Service';
import { PROVIDER_ID } from '../../harness/opencodeServer';
import { freshDir } from '../../harness/paths';
import { ScriptedModel, text, toolCall } from '../../harness/scriptedModel';
import { connectionFor, extensionApi, shownTree, waitFor } from '../helpers/extensionApi';
import { choose, shownPick } from '../helpers/formPicks';
import { idleWithNothingWaiting, requestRow as requestRowOf } from '../helpers/requestRows';
import {
  expectedCost,
  lookAgain,
  OC2,
  OC2_BINARY,
  oc2it,
  SKIP_WITHOUT_OC2,
  writeRegistration,
  type V2Session,
} from '../helpers/serviceDiscovery';

/** A route as the document writes it: method and path template. */
type Route = readonly [method: string, path: string];

const RENAME: Route[] = [
  ['PATCH', '/api/session/{sessionID}'], // releases: `session.update {title?}` (2.0.26 packages/protocol/src/groups/session.ts)
  ['POST', '/api/session/{sessionID}/rename'], // the older build
];
const UNDO_REVERT: Route[] = [
  ['DELETE', '/api/session/{sessionID}/revert'], // releases: `session.revert.clear`
  ['POST', '/api/session/{sessionID}/revert/clear'], // the older build
];

describe(`OpenCode 2 as released, on the wire: a registered service and no settings${OC2 ? '' : ` (${SKIP_WITHOUT_OC2})`}`, function () {
  this.timeout(300_000);
  let api: ExtensionApi;
  let model: ScriptedModel;
  let service: Opencode2Service;
  let proxy: FaultProxy;
  let contract: Contract;
  /** The session the Delete case removed (reads of it may cross the deletion). */
  let deleted: string | undefined;
  /** What the tests create before VS Code looks: a parent with a sub-agent child, and a plain session. */
  const made = { parent: '', child: '', single: '' };
  const savedState = process.env.XDG_STATE_HOME;
  const target = () => service.target;
  const connection = (): ServerConnection => connectionFor(api, proxy.url)!;

  before(async function () {
    if (!OC2) return this.skip();
    api = await extensionApi();
    model = await new ScriptedModel().start();
    // 1.x's `permission` format, which releases normalize, `bash` becoming `shell` (2.0.26
    // packages/core/src/config/normalize.ts, packages/core/src/v1/config/migrate.ts `normalizeAction`).
    service = new Opencode2Service(OC2_BINARY, model.url, { permission: { bash: 'ask' }, experimental: { subagent_depth: 3 } });
    await service.start();
    contract = await contractOf(service.target);
    proxy = await new FaultProxy(service.registration!.url).start();
    proxy.record();

    const directory = service.directory;
    made.parent = (await createSession2(target(), { title: 'Wire parent', directory, providerID: PROVIDER_ID })).id;
    // The sub-agent tool of 2.x (`subagent {agent, description, prompt}`, 2.0.26 packages/core/src/tool/plugin/subagent.ts).
    model.enqueue(
      toolCall('subagent', { agent: 'general', description: 'Wire child', prompt: 'Please help' }),
      text('Helped.'),
      text('Delegated.'),
    );
    await prompt2(target(), made.parent, 'Delegate');
    await wait2(target(), made.parent);
    made.single = (await createSession2(target(), { title: 'Wire single', directory, providerID: PROVIDER_ID })).id;
    model.enqueue(text('Hello back.'));
    await prompt2(target(), made.single, 'Hello');
    await wait2(target(), made.single);
    made.child = (await listed()).find((s) => s.parentID === made.parent)!.id;

    // The registration the extension finds names the proxy; pid, version and password are the service's own.
    const state = freshDir('wire-state');
    writeRegistration(state, { ...service.registration!, url: proxy.url });
    process.env.XDG_STATE_HOME = state;
    await lookAgain(api, 'found');
    await waitFor(
      'the service online through the proxy',
      () => connectionFor(api, proxy.url),
      (c) => c?.state.kind === 'online',
    );
  });

  after(async () => {
    restoreState();
    if (!OC2) return;
    await lookAgain(api);
    await proxy?.stop();
    await service?.dispose();
    await model?.stop();
  });

  function restoreState(): void {
    if (savedState === undefined) delete process.env.XDG_STATE_HOME;
    else process.env.XDG_STATE_HOME = savedState;
  }

  /** The server's own listing, straight from the service (not through the proxy). */
  async function listed(): Promise<V2Session[]> {
    return (await service.api<{ data: V2Session[] }>('/api/session?limit=200')).data;
  }

  const newSession = async (title: string, directory = service.directory) =>
    (await createSession2(target(), { title, directory, providerID: PROVIDER_ID })).id;
  const requestRow = (id: string) => requestRowOf(api, connection(), id);
  const idle = (id: string) => idleWithNothingWaiting(connection, id);
  const modelSaw = (fragment: string) =>
    waitFor(
      `the model reads “${fragment}” as a tool result`,
      () => model.requests.flatMap((r) => r.toolResults),
      (results) => results.some((t) => t.includes(fragment)),
      60_000,
    );

  /** The route of these the server's document names (releases' first). */
  function documented(routes: readonly Route[]): Route {
    const route = routes.find(([method, path]) => contract.offers(method, path));
    assert.ok(route, `the server's document names none of ${routes.map((r) => r.join(' ')).join(', ')}`);
    return route;
  }

  /** The route of these the document names, or undefined: the server does not offer the action. */
  function offered(routes: readonly Route[]): Route | undefined {
    return routes.find(([method, path]) => contract.offers(method, path));
  }

  /** An action whose route the document lacks: the extension knows it is not offered, and sent nothing for `id`. */
  function saysNotOffered(action: 'rename' | 'fork' | 'delete', mark: number, routes: readonly Route[], id: string): void {
    assert.equal(connection().api.offers(action), false, `${action}: not offered by the document`);
    assert.match(notOfferedMessage(connection(), action), /^OpenCode \S+ on this server does not offer /);
    const row = api.tree.getTreeItem(api.tree.sessionNode(connection(), id));
    assert.match(row.contextValue ?? '', new RegExp(`\\bno-${action}\\b`), `its ${action} shows disabled`);
    const sent = proxy.requests
      .slice(mark)
      .filter((r) => routes.some(([method, path]) => r.method === method && sameRoute(contract.routeOf(method, r.path), path)));
    assert.deepEqual(sent, [], `no ${action} went out`);
  }

  /** The request the extension sent since `mark` to `route`, for the session `id`. */
  function sentTo(mark: number, [method, path]: Route, id: string): Promise<RecordedRequest> {
    return waitFor(
      `${method} ${path} sent for ${id}`,
      () =>
        proxy.requests
          .slice(mark)
          .find((r) => r.method === method && sameRoute(contract.routeOf(method, r.path), path) && r.path.includes(id)),
      (r) => r !== undefined,
      60_000,
      () => proxy.requests.slice(mark).map((r) => `${r.method} ${r.path}`),
    ) as Promise<RecordedRequest>;
  }

  /** Requests under /api to routes the document does not name (the older build's /api/info probe aside: it predates it). */
  function undocumented(): string[] {
    const probe = contract.offers('get', '/api/info') ? [] : ['/api/info'];
    return proxy.requests
      .filter((r) => r.path.startsWith('/api/') && !probe.includes(r.path) && !contract.routeOf(r.method, r.path))
      .map((r) => `${r.method} ${r.path}`);
  }
  const questionRoutesAsked = () => proxy.requests.filter((r) => /\/question(\/|$)/.test(r.path)).map((r) => `${r.method} ${r.path}`);
  const documentNamesQuestions = () =>
    [...['/api/question/request', '/api/session/{sessionID}/question']].some((p) => contract.offers('get', p));

  oc2it('found with no settings through service.json, online, every session listed and nested with the costs of /api/session', async () => {
    const all = await listed();
    // Listed by parent: the roots at connect, this week's trees read after; a Σ is exact once none is unread.
    const c = await waitFor(
      'every session of the service in the extension, every tree read',
      () => connection(),
      (conn) => conn.sessions.size === all.length && !conn.sessions.anyUnread,
    );
    assert.equal(api.registry.configuredServerCount, 0, 'no server settings');
    assert.equal(c.config.found?.by, 'service');
    assert.equal(c.generation, 'v2');
    assert.equal((await c.endpoint()).password, service.registration!.password, "the password comes from the service's registration");
    for (const s of all) assert.equal(c.sessions.get(s.id)?.own.cost, s.cost, `${s.title}: the server's cost`);
    const rows = await waitFor(
      'the tree to show every session',
      () => shownTree(api),
      (r) => r.filter((row) => row.sessionId).length === all.length,
    );
    assert.equal(rows.find((r) => r.sessionId === made.child)?.parent, 'Wire parent', 'the sub-agent session nests under its parent');
    for (const s of all)
      assert.equal(rows.find((r) => r.sessionId === s.id)?.money, expectedCost(all, s), `${s.title}: the row's money is the server's`);
    assert.ok(
      proxy.requests.some((r) => r.method === 'GET' && r.path === '/api/info'),
      'the service was identified through /api/info (what OpenCode’s own probe asks)',
    );
    assert.ok(
      proxy.requests.some((r) => r.method === 'GET' && r.path === '/openapi.json'),
      "the extension read the server's own document",
    );
  });

  oc2it('a prompt shows live: busy while the model answers, then idle with the server’s cost', async () => {
    const id = await newSession('Wire live');
    await waitFor(
      'the new session in the extension',
      () => connection().sessions.get(id),
      (r) => r !== undefined,
    );
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    model.enqueue({ ...text('Live answer.'), hold });
    await prompt2(target(), id, 'Answer slowly');
    try {
      await waitFor(
        'busy',
        () => connection().sessions.get(id)?.status.type,
        (s) => s === 'busy',
      );
    } finally {
      release();
    }
    await wait2(target(), id);
    const cost = (await getSession2(target(), id)).cost;
    await waitFor(
      'idle with the server’s cost',
      () => connection().sessions.get(id),
      (r) => r?.status.type === 'idle' && r.own.cost === cost && cost > 0,
    );
  });

  oc2it('a permission answered from VS Code goes out with the body the server’s document names (`decision` on releases)', async () => {
    const id = await newSession('Wire permission');
    model.enqueue(toolCall('shell', { command: 'printf wire-allowed' }), text('It ran.'));
    await prompt2(target(), id, 'Run it');
    const { node } = await requestRow(id);
    const mark = proxy.requests.length;
    assert.equal(await vscode.commands.executeCommand('opencodeSessions.allowOnce', node), true);
    const reply = await sentTo(mark, ['POST', '/api/session/{sessionID}/permission/{requestID}/reply'], id);
    const body = JSON.parse(reply.body) as Record<string, unknown>;
    const key = await permissionReplyKey(target());
    assert.equal(body[key], 'once', reply.body);
    if (key === 'decision') assert.equal('reply' in body, false, `not the older build's key: ${reply.body}`);
    await modelSaw('wire-allowed');
    await idle(id);
  });

  oc2it('a question form shown in VS Code and answered there; no question route asked', async () => {
    const id = await newSession('Wire question');
    const questions = [
      {
        question: 'Which colour?',
        header: 'Colour',
        options: [
          { label: 'Red', description: 'warm' },
          { label: 'Blue', description: 'cool' },
        ],
      },
    ];
    // The question tool asks with a form (2.0.26 packages/core/src/tool/plugin/question.ts): field q0.
    model.enqueue(toolCall('question', { questions }), text('Blue it is.'));
    await prompt2(target(), id, 'Ask me');
    const { node, item } = await requestRow(id);
    assert.equal(item.description, 'question');
    const mark = proxy.requests.length;
    const answered = vscode.commands.executeCommand<boolean>('opencodeSessions.answerQuestion', node);
    choose(api, await shownPick(api, /Colour/), 'Blue');
    assert.equal(await answered, true);
    const reply = await sentTo(mark, ['POST', '/api/session/{sessionID}/form/{formID}/reply'], id);
    assert.deepEqual((JSON.parse(reply.body) as { answer: unknown }).answer, { q0: 'Blue' });
    const formID = reply.path.split('/')[5];
    assert.deepEqual(await formState2(target(), id, formID), { status: 'answered', answer: { q0: 'Blue' } });
    await modelSaw('"Which colour?"="Blue"');
    await idle(id);
    if (!documentNamesQuestions()) assert.deepEqual(questionRoutesAsked(), [], 'no question route on a server without them');
  });

  oc2it("the compaction's own cost shows once in the usage panel and is never added twice to the session", async () => {
    const id = await newSession('Wire compaction');
    model.enqueue(text('Worked.', { prompt: 5_000, completion: 200 }));
    await prompt2(target(), id, 'Work');
    await wait2(target(), id);
    model.enqueue(text('Summary: work was done.', { prompt: 7_000, completion: 400 }));
    await compact2(target(), id);
    await wait2(target(), id);
    const session = await getSession2(target(), id);
    // Releases record the compaction's usage on its message (2.0.26 packages/schema/src/session-message.ts).
    const record = (await messages2(target(), id)).find((m) => m.type === 'compaction') as { cost?: number } | undefined;
    const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;
    await waitFor(
      "the session's own cost in the extension: the server's, the compaction counted once",
      () => connection().sessions.get(id)?.own.cost,
      (cost) => cost !== undefined && close(cost, session.cost ?? 0),
    );
    const panel = api.usage.show({ serverId: connection().config.id, sessionId: id });
    try {
      const rows = await waitFor(
        "the panel's rows adding up to the session's cost",
        () => panel.steps,
        (all) =>
          close(
            all.reduce((n, r) => n + r.cost, 0),
            session.cost ?? 0,
          ),
        60_000,
        (all) => all.map((r) => [r.input, r.output, r.cost]),
      );
      const compaction = rows.filter((r) => r.output === 400);
      assert.equal(compaction.length, 1, `the compaction shows once: ${JSON.stringify(rows)}`);
      if (record?.cost !== undefined)
        assert.ok(close(compaction[0].cost, record.cost), `its own cost ${record.cost}: ${compaction[0].cost}`);
    } finally {
      panel.dispose();
    }
  });

  oc2it(
    'Changes, revert, undo, rename, fork and delete each go to the route the server’s document names, or say they are not offered',
    async () => {
      const project = gitRepo(join(service.home, 'work', 'wire-git'), { 'existing.txt': NUMBERED });
      const id = await newSession('Wire actions', project);
      // 2.x's write and edit take `path` (2.0.26 packages/core/src/tool/plugin/write.ts, edit.ts).
      model.enqueue(
        toolCall('write', { path: join(project, 'new.txt'), content: 'hello\nworld\n' }),
        toolCall('edit', { path: join(project, 'existing.txt'), oldString: 'line 15', newString: 'line fifteen' }),
        text('Done.'),
      );
      await prompt2(target(), id, 'Create one file and edit another');
      await wait2(target(), id);
      const recorded = await messages2(target(), id);
      const turn = recorded.find((m) => m.type === 'user')!.id;
      const steps = recorded.filter((m) => m.type === 'assistant').length;
      const node = () => api.tree.sessionNode(connection(), id);
      // The whole turn in the extension (idle, each of its steps read): Changes are then read from the settled turn.
      const stepsRead = (r?: { steps: ReadonlyMap<string, ReadonlyMap<string, unknown>> }) =>
        [...(r?.steps.values() ?? [])].reduce((n, m) => n + m.size, 0);
      const record = await waitFor(
        'the session idle in the extension with every step of the turn',
        () => connection().sessions.get(id),
        (r) => r?.status.type === 'idle' && stepsRead(r) >= steps,
        60_000,
        (r) => [r?.status.type, stepsRead(r), steps],
      );

      // Changes: read again now, from the per-turn diff where the server offers one, else from its file tools' results.
      let mark = proxy.requests.length;
      api.changes.forget(connection(), id);
      await waitFor(
        'the turn’s two files in the extension',
        () => api.changes.figures(connection(), record!)?.turns,
        (turns) =>
          turns?.some((t) => t.messageID === turn && ['new.txt', 'existing.txt'].every((f) => t.files.some((x) => x.path.endsWith(f)))) ===
          true,
        60_000,
        (turns) => ({
          turns: turns?.map((t) => [t.messageID, t.files.map((f) => f.path)]),
          sameRecord: connection().sessions.get(id) === record,
          messageReads: proxy.requests
            .slice(mark)
            .filter((r) => r.path.includes(`${id}/message`))
            .map((r) => `${r.path}${r.search} ${r.status}`),
        }),
      );
      if (contract.offers('get', '/api/session/{sessionID}/diff')) await sentTo(mark, ['GET', '/api/session/{sessionID}/diff'], id);

      mark = proxy.requests.length;
      assert.equal(await vscode.commands.executeCommand('opencodeSessions.revertTurn', node(), { messageID: turn, confirmed: true }), true);
      await sentTo(mark, ['POST', '/api/session/{sessionID}/revert/stage'], id);
      assert.equal(readFileSync(join(project, 'existing.txt'), 'utf8'), NUMBERED, 'the edit is undone on disk');
      assert.ok(!existsSync(join(project, 'new.txt')), 'the new file is gone');

      mark = proxy.requests.length;
      assert.equal(await vscode.commands.executeCommand('opencodeSessions.unrevertSession', node()), true);
      await sentTo(mark, documented(UNDO_REVERT), id);
      assert.ok(readFileSync(join(project, 'existing.txt'), 'utf8').includes('line fifteen'), 'the edit is back');

      const rename = offered(RENAME);
      mark = proxy.requests.length;
      await vscode.commands.executeCommand('opencodeSessions.renameSession', node(), 'Wire renamed');
      if (rename) {
        await sentTo(mark, rename, id);
        assert.equal((await getSession2(target(), id)).title, 'Wire renamed');
      } else saysNotOffered('rename', mark, RENAME, id);

      const fork: Route = ['POST', '/api/session/{sessionID}/fork'];
      mark = proxy.requests.length;
      const forkId = await vscode.commands.executeCommand<string | undefined>('opencodeSessions.forkSession', node());
      if (offered([fork])) {
        await sentTo(mark, fork, id);
        assert.ok(forkId && (await listed()).some((s) => s.id === forkId), 'the fork is on the server');
        await waitFor(
          'the fork in the extension',
          () => connection().sessions.get(forkId),
          (r) => r !== undefined,
        );
      } else {
        assert.equal(forkId, undefined, 'no fork was made');
        saysNotOffered('fork', mark, [fork], id);
      }

      const remove: Route = ['DELETE', '/api/session/{sessionID}'];
      const doomed = forkId ?? id;
      deleted = doomed;
      mark = proxy.requests.length;
      await vscode.commands.executeCommand('opencodeSessions.deleteSession', api.tree.sessionNode(connection(), doomed), true);
      if (offered([remove])) {
        await sentTo(mark, remove, doomed);
        assert.ok(!(await listed()).some((s) => s.id === doomed), 'the session is gone from the server');
      } else {
        saysNotOffered('delete', mark, [remove], doomed);
        assert.ok(
          (await listed()).some((s) => s.id === doomed),
          'the session is still on the server',
        );
      }
    },
  );

  oc2it('through all of the above: only routes the document names, no question route, every read answered', () => {
    assert.deepEqual(undocumented(), [], 'every /api request went to a route the server’s document names');
    if (!documentNamesQuestions()) assert.deepEqual(questionRoutesAsked(), []);
    // What the extension read of the server, each answered with success: a read that failed would show here. A read
    // of the session Delete removed may cross its deletion (a settle after the fork): its 404 is the right answer.
    const deletedTo = (path: string) =>
      deleted !== undefined && (path === `/api/session/${deleted}` || path.startsWith(`/api/session/${deleted}/`));
    const failedReads = proxy.requests.filter(
      (r) => r.method === 'GET' && (r.path.startsWith('/api/') || r.path === '/openapi.json') && (r.status ?? 200) >= 400,
    );
    const crossing = failedReads.filter((r) => r.status === 404 && deletedTo(r.path));
    const failed = failedReads.filter((r) => !crossing.includes(r)).map((r) => `${r.method} ${r.path}${r.search}: ${r.status}`);
    assert.deepEqual(failed, [], 'no read of the server failed');
    // Reads under way when it was deleted (its info, then its messages): a few; none asked again and again after.
    assert.ok(crossing.length <= 2, `the deleted session read twice at most: ${JSON.stringify(crossing.map((r) => r.path + r.search))}`);
    return Promise.resolve();
  });

  oc2it(
    'a route the document lacks (Rename’s, else Compact’s): the action says the server does not offer it, and nothing is sent',
    async () => {
      // The first of these actions the server offers, taken out of its document.
      const actions = [
        {
          feature: 'rename' as const,
          route: offered(RENAME),
          run: (node: unknown) => vscode.commands.executeCommand('opencodeSessions.renameSession', node, 'Never sent'),
        },
        {
          feature: 'compact' as const,
          route: offered([['POST', '/api/session/{sessionID}/compact']]),
          run: (node: unknown) => vscode.commands.executeCommand('opencodeSessions.compactSession', node),
        },
      ];
      const action = actions.find((a) => a.route !== undefined);
      assert.ok(action?.route, 'the server’s document names one of these actions');
      const route = action.route;
      // A second registration, behind a proxy that serves the real document with that route taken out: a new
      // connection, which reads the document afresh.
      const lacking = await new FaultProxy(service.registration!.url).start();
      lacking.record();
      lacking.setFaults([{ path: /^\/openapi\.json$/, fault: { kind: 'rewrite', edit: (body) => withoutRoute(body, route) } }]);
      try {
        const state = freshDir('wire-lacking-state');
        writeRegistration(state, { ...service.registration!, url: lacking.url });
        process.env.XDG_STATE_HOME = state;
        await lookAgain(api, 'found');
        const c = await waitFor(
          'the service online through the second proxy, with its sessions',
          () => connectionFor(api, lacking.url),
          (conn) => conn?.state.kind === 'online' && conn.sessions.get(made.single) !== undefined,
        );
        assert.ok(
          lacking.requests.some((r) => r.path === '/openapi.json'),
          'the extension read the document without the route',
        );
        assert.equal(c!.api.offers(action.feature), false, 'the document without the route: not offered');
        assert.match(notOfferedMessage(c!, action.feature), /^OpenCode \S+ on this server does not offer /, 'what the action says');
        const row = api.tree.getTreeItem(api.tree.sessionNode(c!, made.single));
        assert.match(row.contextValue ?? '', new RegExp(`\\bno-${action.feature}\\b`), 'it shows disabled (package.json enablement)');
        const before = await getSession2(target(), made.single);
        const mark = lacking.requests.length;
        await action.run(api.tree.sessionNode(c!, made.single));
        const sent = lacking.requests
          .slice(mark)
          .filter((r) => r.method === route[0] && sameRoute(contract.routeOf(r.method, r.path), route[1]));
        assert.deepEqual(sent, [], `no ${action.feature} went out`);
        const after = await getSession2(target(), made.single);
        assert.deepEqual([after.title, after.time.updated], [before.title, before.time.updated], 'the session on the server is unchanged');
      } finally {
        await lacking.stop();
      }
    },
  );
});

/** Two spellings of one route (parameter names aside). */
function sameRoute(a: string | undefined, b: string): boolean {
  return a !== undefined && routeShape(a) === routeShape(b);
}

/** The document with one route (a method of a path) taken out; the path goes when it has no method left. */
function withoutRoute(body: string, [method, path]: Route): string {
  const document = JSON.parse(body) as { paths: Record<string, Record<string, unknown>> };
  const key = Object.keys(document.paths).find((p) => sameRoute(p, path));
  if (!key) return body;
  delete document.paths[key][method.toLowerCase()];
  if (!Object.keys(document.paths[key]).length) delete document.paths[key];
  return JSON.stringify(document);
}

// Grouping, sorting, filtering, archived sessions and the lazy tooltip, in a real VS Code against a real
// `opencode serve` with a scripted model. Expected numbers are worked out by hand from the scripted usage
// and the model's prices ($3 in, $15 out per million) and context limit (alpha: 200 000).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { GroupNode } from '../../../src/features/sessions/tree/nodes';
import type { ViewNode } from '../../../src/features';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { allSessions, createSession, prompt, spawnChild } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { formatCost } from '../../../src/present/format';
import {
  costItem,
  configureServers,
  connectionFor,
  extensionApi,
  framesTold,
  serverRowFor,
  shownTree,
  waitFor,
  type ShownRow,
} from '../helpers/extensionApi';

const HOSTILE = '<img src=x onerror=alert(1)> [x](command:workbench.action.quit) $(zap)';
/** What a session row's hover links to, in its order; the hover trusts exactly these. */
const HOVER_ACTIONS = [
  'opencodeSessions.showUsage',
  'opencodeSessions.compactSession',
  'opencodeSessions.switchSession',
  'opencodeSessions.openTranscript',
];

describe('Session tree views on a real OpenCode server', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const ids: Record<string, string> = {};

  before(async () => {
    h = await startHarness();
    // Sort: "Delegating" spends little itself ($0.0063: two steps of 1 000 in + 10 out) but its child spends
    // $0.375 (100 000 in + 5 000 out) → inclusive $0.3813; "Solo" spends $0.18 (50 000 in + 2 000 out) itself.
    ids.delegating = (await createSession(h, { title: 'Sort: delegating root' })).id;
    ids.delegatingChild = (
      await spawnChild(h, ids.delegating, {
        description: 'Heavy analysis',
        parentCall: { prompt: 1_000, completion: 10 },
        child: { prompt: 100_000, completion: 5_000 },
        parentAfter: { prompt: 1_000, completion: 10 },
      })
    ).id;
    ids.solo = (await createSession(h, { title: 'Sort: solo root' })).id;
    await prompt(h, ids.solo, 'Work alone', [text('Done alone.', { prompt: 50_000, completion: 2_000 })]);
    ids.late = (await createSession(h, { title: 'Sort: late root' })).id;
    // Tooltip: one reply of 50 000 prompt + 1 000 completion → 51 000 tokens, $0.165, context 51 000 / 200 000.
    ids.hostile = (await createSession(h, { title: HOSTILE })).id;
    await prompt(h, ids.hostile, 'Measure the context', [text('Measured.', { prompt: 50_000, completion: 1_000 })]);
    // Filter: Haystack root ── Plain child ── Needle grandchild;  needle root ── Unrelated child.
    ids.haystack = (await createSession(h, { title: 'Haystack root' })).id;
    ids.plain = (await createSession(h, { title: 'Plain child', parentID: ids.haystack })).id;
    ids.needleGrandchild = (await createSession(h, { title: 'Needle grandchild', parentID: ids.plain })).id;
    ids.needleRoot = (await createSession(h, { title: 'needle root' })).id;
    ids.unrelated = (await createSession(h, { title: 'Unrelated child', parentID: ids.needleRoot })).id;
    // Archived before the extension ever sees the server.
    ids.archived = (await createSession(h, { title: 'Old archived work' })).id;
    const archived = await h.server.client().session.update({ sessionID: ids.archived, time: { archived: Date.now() } });
    assert.ok(archived.data?.time.archived, 'the server archived the session');

    api = await extensionApi();
    await configureServers([{ name: 'views', url: h.server.url }]);
    await waitFor(
      'the server to be online with its 10 unarchived sessions',
      () => connectionFor(api, h.server.url),
      (c) => c?.state.kind === 'online' && c.sessions.size === 10,
    );
    // The tree shows the store a frame later.
    await framesTold(api);
  });

  after(async () => {
    await vscode.commands.executeCommand('opencodeSessions.clearFilter');
    const config = vscode.workspace.getConfiguration('opencodeSessions');
    for (const key of ['sortBy', 'showArchived']) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    await configureServers([]);
    await h?.dispose();
  });

  const server = (): ViewNode => serverRowFor(api, h.server.url)!;
  const rootsUnder = (rows: ShownRow[], parent: string) => rows.filter((r) => r.parent === parent && r.depth === 2).map((r) => r.sessionId);

  it('shows no group level while the server has one project directory', () => {
    const children = api.tree.getChildren(server());
    assert.ok(children.length > 0);
    assert.ok(
      children.every((n) => n.kind === 'session'),
      `children kinds: ${children.map((n) => n.kind).join(',')}`,
    );
  });

  it('groups root sessions by directory once a second project appears, live', async () => {
    const webapp = h.server.projectDir('webapp');
    ids.webapp = (await createSession(h, { title: 'Webapp root', directory: webapp })).id;
    const groups = await waitFor(
      'two group nodes',
      () => api.tree.getChildren(server()).filter((n): n is GroupNode => n.kind === 'group'),
      (g) => g.length === 2,
    );
    const items = groups.map((g) => api.tree.getTreeItem(g));
    assert.deepEqual(
      items.map((i) => i.label),
      ['project', 'webapp'],
    );
    // The row names the folder and leads with what its sessions cost and how many it lists (its place only when
    // another folder has its name: not here); the tooltip has the whole path.
    assert.deepEqual(
      items.map((i) => i.tooltip),
      [h.server.directory, webapp],
    );
    const truth = await allSessions(h);
    assert.deepEqual(
      items.map((i) => i.description),
      [h.server.directory, webapp].map((d) => {
        const roots = truth.filter((s) => !s.parentID && s.directory === d).length;
        const cost = truth.filter((s) => s.directory === d).reduce((sum, s) => sum + (s.cost ?? 0), 0);
        return `${formatCost(cost)} · ${roots === 1 ? '1 session' : `${roots} sessions`}`;
      }),
    );
    for (const item of items) assert.ok(item.iconPath instanceof vscode.ThemeIcon && item.iconPath.id === 'folder');
    const rows = await shownTree(api, server());
    for (const [label, directory] of [
      ['project', h.server.directory],
      ['webapp', webapp],
    ]) {
      const expected = truth
        .filter((s) => !s.parentID && s.directory === directory)
        .map((s) => s.id)
        .sort();
      assert.deepEqual(rootsUnder(rows, label).sort(), expected, `roots under ${label}`);
    }
    // Children still nest under their parents, below the group.
    assert.equal(rows.find((r) => r.sessionId === ids.needleGrandchild)?.depth, 4);
  });

  it('sorts by inclusive cost, and re-orders live when another root becomes costlier', async () => {
    const fired: Array<ViewNode | undefined> = [];
    const listener = api.tree.onDidChangeTreeData((nodes) => fired.push(...(nodes ?? [undefined])));
    try {
      await vscode.commands.executeCommand('opencodeSessions.sortBy', 'cost');
      await waitFor(
        'the sortBy setting to apply',
        () => api.tree.options.sortBy,
        (s) => s === 'cost',
      );
      // The re-sort redraws the whole tree once; what follows must refresh only the list that moved.
      await waitFor(
        'the re-sort’s whole-tree refresh',
        () => fired.includes(undefined),
        (seen) => seen,
      );
      assert.equal(vscode.workspace.getConfiguration('opencodeSessions').get('sortBy'), 'cost');
      let rows = await shownTree(api, server());
      // Delegating $0.3813 with its child, Solo $0.18, the tooltip session $0.165, then the free ones.
      assert.deepEqual(rootsUnder(rows, 'project').slice(0, 3), [ids.delegating, ids.solo, ids.hostile]);
      const group = api.tree.getChildren(server()).find((n) => n.kind === 'group' && n.directory === h.server.directory)!;
      fired.length = 0;
      // 150 000 in + 10 000 out → $0.60, more than Delegating's $0.3813.
      await prompt(h, ids.late, 'Do the big job', [text('Big job done.', { prompt: 150_000, completion: 10_000 })]);
      rows = await waitFor(
        'Late root to move first',
        async () => shownTree(api, server()),
        (r) => rootsUnder(r, 'project')[0] === ids.late,
      );
      assert.deepEqual(rootsUnder(rows, 'project').slice(0, 3), [ids.late, ids.delegating, ids.solo]);
      // Only that list was refreshed, not the whole tree.
      await waitFor(
        'the project group to be refreshed',
        () => fired.includes(group),
        (seen) => seen,
      );
      assert.ok(!fired.includes(undefined), 'no whole-tree refresh');
    } finally {
      listener.dispose();
    }
  });

  it('filters by title: matches and their ancestors only; clearing restores every session', async () => {
    await vscode.commands.executeCommand('opencodeSessions.filter', 'NeEdLe');
    assert.equal(api.tree.options.filter, 'NeEdLe');
    const rows = await shownTree(api, server());
    const shown = rows.filter((r) => r.sessionId);
    assert.deepEqual(shown.map((r) => r.sessionId).sort(), [ids.haystack, ids.plain, ids.needleGrandchild, ids.needleRoot].sort());
    assert.equal(shown.find((r) => r.sessionId === ids.needleGrandchild)?.parent, 'Plain child');
    assert.equal(shown.find((r) => r.sessionId === ids.plain)?.parent, 'Haystack root');
    assert.deepEqual(
      rows.filter((r) => !r.sessionId).map((r) => r.label),
      ['project'],
      'the group with no match is hidden',
    );
    await vscode.commands.executeCommand('opencodeSessions.clearFilter');
    assert.equal(api.tree.options.filter, undefined);
    const all = (await shownTree(api, server()))
      .filter((r) => r.sessionId)
      .map((r) => r.sessionId)
      .sort();
    assert.deepEqual(all, (await allSessions(h)).map((s) => s.id).sort());
  });

  it('hides archived sessions by default and shows them, marked, on request', async () => {
    const connection = connectionFor(api, h.server.url)!;
    assert.equal(connection.sessions.get(ids.archived), undefined, 'not listed by default');
    assert.ok(!(await shownTree(api)).some((r) => r.sessionId === ids.archived));
    await vscode.commands.executeCommand('opencodeSessions.showArchived');
    const row = await waitFor(
      'the archived session to appear',
      async () => (await shownTree(api)).find((r) => r.sessionId === ids.archived),
      (r) => r !== undefined,
    );
    assert.match(row!.description, / · archived$/);
    assert.match(row!.contextValue ?? '', /\barchived\b/);
    assert.equal(api.tree.options.showArchived, true);
    const item = api.tree.getTreeItem(api.tree.sessionNode(connection, ids.archived));
    assert.ok(item.iconPath instanceof vscode.ThemeIcon && item.iconPath.id === 'archive');
    await vscode.commands.executeCommand('opencodeSessions.hideArchived');
    await waitFor(
      'the archived session to be hidden again',
      async () => (await shownTree(api)).some((r) => r.sessionId === ids.archived),
      (shown) => !shown,
    );
  });

  it('resolves a tooltip with the exact token breakdown and context %, escaping a hostile title', async () => {
    const connection = connectionFor(api, h.server.url)!;
    // Hiding archived sessions again lists the server anew: Compact is offered once it is online (as in the menu).
    await waitFor(
      'the server online',
      () => connection.sessionsPhase,
      (phase) => phase === 'online',
    );
    // The reply happened before the extension connected: its figures come from a fetch (the tooltip's own,
    // or the status bar's read of today's messages, whichever ran first), never from a live event.
    const node = api.tree.sessionNode(connection, ids.hostile);
    const item = api.tree.getTreeItem(node);
    assert.equal(item.tooltip, undefined, 'left for resolveTreeItem');
    const resolved = await api.tree.resolveTreeItem(item, node, new vscode.CancellationTokenSource().token);
    const md = resolved.tooltip;
    assert.ok(md instanceof vscode.MarkdownString);
    // Trusted for its four actions and nothing else: no HTML, no theme icons.
    assert.deepEqual(md.isTrusted, { enabledCommands: [...HOVER_ACTIONS] });
    assert.ok(!md.supportHtml && !md.supportThemeIcons);
    // As read: markdown's escapes and VS Code's non-breaking spaces undone.
    const read = md.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    for (const expected of [
      'Cost: $0.165000',
      'Tokens: 51,000 (input 50,000, output 1,000)',
      'Model: scripted/alpha',
      'Context: 25.5% (51,000 of 200,000 tokens)',
    ]) {
      assert.ok(read.includes(expected), `tooltip has "${expected}":\n${read}`);
    }
    assert.ok(!md.value.includes('<img'), 'no raw HTML');
    assert.ok(!md.value.includes('[x](command:'), 'no live command link');
    assert.ok(!md.value.includes('$(zap)'), 'no theme icon syntax');
    // Sections as GitLens hovers read: the actions under the title, then figures, state, server, each after a rule.
    const at = (text: string) => md.value.indexOf(text);
    const order = [
      '---\n\n**Figures**',
      'Cost: $0.165000',
      '---\n\n**Activity**',
      'Model: scripted/alpha',
      '---\n\n**Where**',
      'Directory: ',
    ];
    for (const text of order) assert.ok(at(text) >= 0, `tooltip has "${text}":\n${md.value}`);
    assert.deepEqual(
      order.map(at),
      order.map(at).sort((a, b) => a - b),
      `in that order:\n${md.value}`,
    );
    // The actions: live links to the four commands, each naming this session; nothing else links anywhere.
    const links = [...md.value.matchAll(/(?<!\\)\]\(command:([^?\s)]+)\?([^\s)]*)/g)].map((m) => ({
      command: m[1],
      args: JSON.parse(decodeURIComponent(m[2])) as unknown,
    }));
    assert.deepEqual(
      links.map((l) => l.command),
      [...HOVER_ACTIONS],
      md.value,
    );
    assert.ok(at('[Show Usage](command:') < at('---\n\n**Figures**'), 'the actions come first, under the title');
    const ref = { kind: 'session', serverId: connection.config.id, sessionId: ids.hostile };
    for (const link of links) assert.deepEqual(link.args, [ref], link.command);
    const registered = await vscode.commands.getCommands(true);
    for (const link of links) assert.ok(registered.includes(link.command), `${link.command} is a registered command`);
    // The fetched reply is in the store, where live events continue from.
    const stored = [...connection.sessions.get(ids.hostile)!.messages.values()];
    assert.deepEqual(
      stored.map((m) => [m.usage.input, m.usage.output, m.modelID]),
      [[50_000, 1_000, 'alpha']],
    );
    // The status bar names the model as the tooltip does, in the same sections.
    try {
      api.active.set({ serverId: connection.config.id, sessionId: ids.hostile });
      await waitFor(
        'the status bar tooltip on that session, with its model',
        () =>
          costItem(api)
            .tooltip.replace(/&nbsp;/g, ' ')
            .replace(/\\(.)/g, '$1'), // markdown's escapes, undone
        (tooltip) => tooltip.includes('Context: 25.5%') && /Model: \S+/.test(tooltip),
      );
      assert.match(costItem(api).tooltip.replace(/\\(.)/g, '$1'), /Model: scripted\/alpha/);
      // In the hover's sections, in its order, then what was spent: the same session reads the same everywhere.
      const headings = [...costItem(api).tooltip.matchAll(/\n---\n\n\*\*([^*]+)\*\*/g)].map((m) => m[1]);
      assert.deepEqual(headings, ['Figures', 'Activity', 'Where', 'Spending']);
      assert.match(costItem(api).tooltip, /\*\*Activity\*\* {2}\nModel: [^\n]*\nState: /);
      // Today's figure and every session's differ: each says what it covers (issue 77: "Today $3.57" beside
      // "All sessions $3.66", unexplained).
      const spending = costItem(api)
        .tooltip.replace(/&nbsp;/g, ' ')
        .replace(/\\(.)/g, '$1');
      assert.match(spending, /\nToday since 00:00, all servers: [^\n]*\$[\d.]+ {2}\n/);
      assert.match(spending, /\nAll sessions loaded, any day: \$[\d.]+ · /);
    } finally {
      api.active.set(undefined); // back to following the most recent session, for the tests after this one
    }
  });

  it('Switch Session: the picked session is selected in the tree, followed, and the status bar names its Σ', async () => {
    const connection = connectionFor(api, h.server.url)!;
    const selected = () => (api.sessionsView.selection as ViewNode[]).flatMap((n) => (n.kind === 'session' ? [n.sessionId] : []));
    // Another row selected first, so the pick has to move the selection.
    await vscode.commands.executeCommand('opencodeSessions.switchSession', { serverId: connection.config.id, sessionId: ids.solo });
    await waitFor('Solo selected', selected, (s) => s.length === 1 && s[0] === ids.solo);
    try {
      const switched = vscode.commands.executeCommand('opencodeSessions.switchSession');
      const pick = await waitFor(
        'the Switch Session pick',
        () => api.switchPick.shown,
        (p) => p !== undefined && p.items.length > 0,
      );
      // It opens on the most recent session (in view), not scrolled to the one followed, which says "current".
      await waitFor(
        'Solo followed',
        () => api.active.get()?.record.info.id,
        (id) => id === ids.solo,
      );
      const solo = pick!.items.find((i) => i.item.sessionId === ids.solo)!;
      assert.match(solo.description ?? '', /^current · /);
      assert.ok(!pick!.activeItems.includes(solo) || pick!.items[0] === solo, 'the pick is not moved to the followed row');
      const delegating = pick!.items.find((i) => i.item.sessionId === ids.delegating);
      assert.ok(delegating, `Delegating among ${pick!.items.map((i) => i.label).join(', ')}`);
      pick!.activeItems = [delegating];
      api.switchPick.accept();
      await switched;
      assert.equal(api.switchPick.shown, undefined, 'the pick closed');
      await waitFor('the picked row selected in the tree', selected, (s) => s.length === 1 && s[0] === ids.delegating);
      assert.equal(api.active.get()?.record.info.id, ids.delegating, 'the picked session is followed');
      // Its figure with sub-agents is named as everywhere else: Σ with sub-agents, in what a screen reader says too.
      const inclusive = formatCost(connection.sessions.inclusive(ids.delegating).cost);
      await waitFor(
        'the status bar on Delegating',
        () => costItem(api).accessibleName,
        (name) => name.includes(`Σ with sub-agents ${inclusive}`),
      );
      assert.ok(costItem(api).text.includes(`Σ ${inclusive}`), costItem(api).text);
    } finally {
      api.active.set(undefined);
    }
  });
});

// Search Session Contents and transcripts against two real servers (1.18.33; OpenCode 2 in the opencode2 stage):
// a phrase only a grandchild's tool wrote, on the second server, is found once the tool finished (how soon: bench), and
// Enter opens that grandchild's transcript at the call and reveals its row; after a restart the index answers at
// once and reads only the sessions that changed meanwhile; hostile text stays text, bounded, in results and
// transcripts; a word's beginning, as typed, lists the sessions that said the word, and a title's lists its session
// (once when it said the word too);
// what is typed is answered while the index keeps reporting progress.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ViewNode } from '../../../src/features';
import { TRANSCRIPT_SCHEME, targetOf, transcriptUri } from '../../../src/features/transcripts/transcriptUri';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, getSession, prompt, toolEnded } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { configureServers, connectionFor, extensionApi, waitFor } from '../helpers/extensionApi';
import { extensionLog } from '../helpers/logs';

const PHRASE = 'purple elephant';

describe('Search Session Contents', function () {
  this.timeout(600_000);
  let first: RunningHarness;
  let second: RunningHarness;
  let api: ExtensionApi;

  before(async () => {
    [first, second] = await Promise.all([startHarness(), startHarness()]);
    api = await extensionApi();
    await configureServers([
      { name: 'first', url: first.server.url },
      { name: 'second', url: second.server.url },
    ]);
    for (const h of [first, second])
      await waitFor(
        `${h.server.url} online`,
        () => connectionFor(api, h.server.url)?.state.kind,
        (kind) => kind === 'online',
      );
  });

  after(async () => {
    await configureServers([]);
    await Promise.all([first?.dispose(), second?.dispose()]);
  });

  const serverId = (h: RunningHarness) => connectionFor(api, h.server.url)!.config.id;
  const found = (query: string) => api.search.search({ text: query });
  /** When the index last read the session whole, as its search answer says (undefined: the word finds it not). */
  const indexedAt = async (query: string, id: string) => (await found(query)).find((h) => h.session.id === id)?.session.updated;

  it("finds a grandchild's tool output on the second server once the tool finished, and its Open Source button opens its transcript at the call's output", async () => {
    await prompt(first, (await createSession(first, { title: 'Elsewhere' })).id, 'An unrelated elephant', [text('Grey.')]);
    const parent = await createSession(second, { title: 'Zoo inventory' });
    await prompt(second, parent.id, 'Count the animals', [text('Counting.')]);
    const child = await createSession(second, { title: 'Count the big ones', parentID: parent.id });
    const grandchild = await createSession(second, { title: 'Reverse the label', parentID: child.id });
    await waitFor(
      'the grandchild listed',
      () => connectionFor(api, second.server.url)?.sessions.get(grandchild.id),
      (r) => r !== undefined,
    );
    // Watch for the phrase while the turn runs: it is written only by the tool (its input holds it reversed).
    let foundAt: number | undefined;
    const watching = (async () => {
      while (foundAt === undefined) {
        if ((await found(PHRASE)).some((h) => h.session.id === grandchild.id)) foundAt = Date.now();
        else await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await prompt(second, grandchild.id, 'Reverse the label', [
      toolCall('bash', { command: 'echo tnahpele elprup | rev', description: 'Reverse the words' }),
      text('It reads the other way round.'),
    ]);
    const ended = await toolEnded(second, grandchild.id, 'bash');
    assert.ok(ended, 'the server recorded the tool call as completed');
    await waitFor(
      'the phrase found',
      () => foundAt,
      (at) => at !== undefined,
    );
    await watching;
    // How soon is a speed, measured in bench/contentSearch.bench.ts (one live part indexed): a wall-clock bound here
    // failed a rehearsal at 1 251 ms with the machine's two cores busy.
    console.log(`      found ${foundAt! - ended}ms after the tool finished`);

    const hits = await found(PHRASE);
    assert.deepEqual(
      hits.map((h) => [h.connection.config.id, h.session.id]),
      [[serverId(second), grandchild.id]],
      'only the grandchild on the second server holds the phrase',
    );

    await vscode.commands.executeCommand('opencodeSessions.searchContents', PHRASE);
    const item = await waitFor(
      "the grandchild's result in the pick",
      () => api.searchPick.shown?.items.find((i) => i.hit?.session.id === grandchild.id),
      (i) => i !== undefined,
    );
    assert.ok(item!.detail?.includes(PHRASE), `the snippet shows the match: ${item!.detail}`);
    assert.ok(item!.description?.includes('second'), `the server is named: ${item!.description}`);
    // Its source, at the match (Enter, the rendered transcript: test/ui/search/enterAtMatch.test.ts).
    api.searchPick.openSource(item!);
    const editor = await waitFor(
      "the grandchild's transcript open",
      () => vscode.window.activeTextEditor,
      (e) => e?.document.uri.scheme === TRANSCRIPT_SCHEME && targetOf(e.document.uri)?.sessionId === grandchild.id,
    );
    // The match shows first as the index holds it; once the transcript is read, the matched word is selected in the
    // call's output (the call's heading the nearest above it).
    const placed = await waitFor(
      "the matched word selected in the call's output in the whole transcript",
      () => {
        const document = editor!.document;
        const at = editor!.selection.start.line;
        let heading = at;
        while (heading > 0 && !document.lineAt(heading).text.startsWith('### ')) heading--;
        return {
          selected: document.getText(editor!.selection),
          heading: document.lineAt(heading).text,
          whole: !document.getText().includes('being read'),
        };
      },
      (p) => p.whole && p.selected === 'purple' && /^### Tool (bash|shell) · completed/.test(p.heading),
    );
    assert.match(placed.heading, /^### Tool (bash|shell) · completed/, `the match is in the call: ${placed.heading}`);
    assert.ok(editor!.document.getText().includes(PHRASE));
    await waitFor(
      "the grandchild's row revealed",
      () => api.sessionsView.selection as ViewNode[],
      (selection) => selection.some((n) => n.kind === 'session' && n.sessionId === grandchild.id),
    );

    // The child's transcript links to the grandchild's (OpenCode 1.x records a task's child on the call; the
    // parent of a session made directly is linked from the child's header).
    const childDoc = await vscode.workspace.openTextDocument(transcriptUri({ serverId: serverId(second), sessionId: grandchild.id }));
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', childDoc.uri);
    assert.ok(
      links.some((l) => l.target?.scheme === TRANSCRIPT_SCHEME && targetOf(l.target)?.sessionId === child.id),
      'the header links to the parent session',
    );
  });

  it('after a restart answers at once and reads only the sessions that changed meanwhile', async () => {
    const steady = await createSession(first, { title: 'Steady' });
    await prompt(first, steady.id, 'Remember the marmalade', [text('Noted.')]);
    const moving = await createSession(first, { title: 'Moving' });
    await prompt(first, moving.id, 'Start the sonata', [text('Started.')]);
    await waitFor(
      'both indexed',
      async () => [(await found('marmalade')).length, (await found('sonata')).length],
      ([a, b]) => a === 1 && b === 1,
    );
    await waitFor(
      'indexing settled',
      () => api.search.progress(),
      (p) => !p.running,
    );
    // The index is built in the engine's worker thread: the extension host's own runs it only where the worker's
    // script is missing, and says so in the log (that choice: unit/search/searchEngine.test.ts).
    const log = extensionLog(api);
    assert.ok(log.length > 0, 'the extension log is read');
    const onHost = log.filter((line) => line.includes("the search engine's worker (") && line.includes(') is missing'));
    assert.deepEqual(onHost, [], "the index is built in the engine's worker thread");
    // The first server alone from here: what the status bar counts below is this server's reading.
    await configureServers([{ name: 'first', url: first.server.url }]);
    await waitFor(
      'the second server let go of',
      () => connectionFor(api, second.server.url),
      (c) => c === undefined,
    );
    // And both sessions indexed as the server last recorded them (as the search answer says), asked of the server
    // itself: a turn's last update (the session's summary a moment after the turn ends; OpenCode 2's record read again)
    // may reach the store only after the store's own time already matched the index, and a session whose newest read
    // was still to come at the restart is read after it, rightly — but it did not change while VS Code was closed.
    const before = connectionFor(api, first.server.url)!;
    await waitFor(
      'both sessions idle and indexed as the server last recorded them',
      () =>
        Promise.all(
          [
            { s: steady, word: 'marmalade' },
            { s: moving, word: 'sonata' },
          ].map(async ({ s, word }) => {
            const server = (await getSession(first, s.id)).time.updated;
            const record = before.sessions.get(s.id);
            const indexed = await indexedAt(word, s.id);
            return { server, store: record?.info.time.updated, indexed, idle: record?.status.type === 'idle' };
          }),
        ),
      (both) => both.every((s) => s.idle && s.store === s.server && s.indexed === s.server),
    );
    // What the index holds of each as it is saved (a failure names why a session was read).
    const saved = [await indexedAt('marmalade', steady.id), await indexedAt('sonata', moving.id)];
    await api.search.restart(async () => {
      // While VS Code is closed: one session takes another turn.
      await prompt(first, moving.id, 'Add the cadenza', [text('Cadenza added.')]);
    });
    assert.equal((await found('marmalade')).length, 1, 'the index answers as soon as it is loaded');
    assert.equal((await found('sonata')).length, 1);
    await waitFor(
      'the new turn indexed',
      async () => (await found('cadenza')).length,
      (n) => n === 1,
    );
    await waitFor(
      'indexing settled',
      () => api.search.progress(),
      (p) => !p.running,
    );
    const now = connectionFor(api, first.server.url)!;
    const times = [steady, moving].map((s, i) => `${s.title}: saved ${saved[i]}, now ${now.sessions.get(s.id)?.info.time.updated}`);
    // Read whole since the restart, as the status bar counts them ("Indexing OpenCode sessions: 1 of 1"): at most the
    // session that moved, never one that only sat in the saved index. The moved one's new turn is in the index
    // ('cadenza' above); it may have come on the live path instead (OpenCode 2's engine: 0 of 0 read whole, and the
    // index's time for it not moved), which the status bar does not count. One the store reports changed on its own
    // (a turn's summary that lands late on a busy machine) is read on the live path too, rightly.
    const { read, total } = api.search.progress();
    const movedRead = await indexedAt('cadenza', moving.id);
    assert.ok(
      total <= 1,
      `only the session that changed was read: ${read} of ${total} sessions read, "Moving" read at ${movedRead} (updated: ${times.join('; ')})`,
    );
  });

  it('hostile prompts and tool outputs stay text, bounded, in results and transcripts', async () => {
    const hostile =
      'Fix [the link](command:workbench.action.quit) <img src=x onerror=alert(1)> ``` $(zap) https://example.com/plain ' +
      'zanzibar '.repeat(1_200_000);
    const session = await createSession(first, { title: 'Hostile [t](command:workbench.action.quit) $(zap)' });
    await prompt(first, session.id, hostile, [text('Done <script>alert(1)</script> [x](command:workbench.action.quit)')]);
    const hit = await waitFor(
      'the hostile prompt indexed',
      async () => (await found('zanzibar')).find((h) => h.session.id === session.id),
      (h) => h !== undefined,
    );
    assert.ok(hit!.snippet.length <= 170, `the snippet is bounded: ${hit!.snippet.length}`);
    await vscode.commands.executeCommand('opencodeSessions.searchContents', 'zanzibar');
    const item = await waitFor(
      'the result',
      () => api.searchPick.shown?.items.find((i) => i.hit?.session.id === session.id),
      (i) => i !== undefined,
    );
    assert.ok(!item!.label.includes('$(zap)') && !item!.detail!.includes('$(zap)'), 'no icon renders from server text');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const uri = transcriptUri({ serverId: serverId(first), sessionId: session.id });
    const document = await vscode.workspace.openTextDocument(uri);
    const body = document.getText();
    assert.ok(body.length < 200_000, `the 10 MB prompt is bounded: ${body.length} characters`);
    assert.match(body, /more characters not shown/);
    // Every link VS Code finds in it (ours and the Markdown extension's) is our own or a plain URL the session wrote.
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
    for (const link of links)
      assert.ok(
        link.target?.scheme === TRANSCRIPT_SCHEME || (link.target?.scheme === 'https' && body.includes(link.target.toString(true))),
        `a link of the server's: ${link.target?.toString()}`,
      );
    assert.ok(!links.some((l) => l.target?.scheme === 'command'), 'no command link');
  });

  it("as the user types: two characters ask for a third, then 'addr' lists the session that said 'address'", async () => {
    const session = await createSession(first, { title: 'Sherman' });
    // A random id holds `ad` as a whole token (`Xq|Ad|Q7`), as OpenCode's session ids in a task's output can.
    await prompt(first, session.id, 'Where does Sherman live?', [text('The address is 42 Wallaby Way, Sydney (ticket XqAdQ7).')]);
    await waitFor(
      'the reply indexed',
      async () => (await found('wallaby')).some((h) => h.session.id === session.id),
      (indexed) => indexed,
    );
    await vscode.commands.executeCommand('opencodeSessions.searchContents', 'ad');
    const hint = await waitFor(
      'the pick asking for more characters',
      () => api.searchPick.shown?.items.find((i) => !i.hit),
      (i) => i?.label.includes('Type at least 3 characters') === true,
    );
    // Found as a whole word only (the id's token, not the beginning of "address"), and the hint says so below it.
    const items = api.searchPick.shown!.items;
    const whole = items.find((i) => i.hit?.session.id === session.id);
    const [start, end] = whole!.hit!.ranges[0];
    assert.equal(whole!.hit!.snippet.slice(start, end), 'Ad', `the whole word marked: ${whole!.detail}`);
    assert.ok(items.indexOf(hint!) > items.indexOf(whole!), 'the hint under what was found');
    assert.match(hint!.detail ?? '', /is the whole word/);
    // The next keystrokes, as the pick's input receives them.
    api.searchPick.shown!.value = 'addr';
    const item = await waitFor(
      "Sherman's result for the word's beginning",
      // The items of 'ad' (the id's whole word) show until those of 'addr' replace them.
      () =>
        api.searchPick.shown?.items.find(
          (i) => i.hit?.session.id === session.id && i.hit.ranges.some(([a, b]) => i.hit!.snippet.slice(a, b) === 'addr'),
        ),
      (i) => i !== undefined,
    );
    assert.ok(item!.detail?.includes('address'), `the snippet shows the word: ${item!.detail}`);
    const [from, to] = item!.hit!.ranges[0];
    assert.equal(item!.hit!.snippet.slice(from, to), 'addr', 'the beginning is marked');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it('what is typed is answered while the index keeps reporting progress (a live server being read)', async () => {
    const session = await createSession(first, { title: 'Lighthouse' });
    await prompt(first, session.id, 'What does the keeper log?', [text('The barometer readings, hourly.')]);
    await waitFor(
      'the reply indexed',
      async () => (await found('barometer')).some((h) => h.session.id === session.id),
      (indexed) => indexed,
    );
    // The index reports each session it reads: here faster than the pick's typing delay, as it did all along on a
    // busy CI machine while the demo's live sessions kept it reading. Fired as the indexer fires it.
    const progress = (api.search as unknown as { progressEmitter: { fire(): void } }).progressEmitter;
    const reporting = setInterval(() => progress.fire(), 20);
    try {
      await vscode.commands.executeCommand('opencodeSessions.searchContents', 'ba');
      await waitFor(
        'the pick open',
        () => api.searchPick.shown,
        (shown) => shown !== undefined,
      );
      api.searchPick.shown!.value = 'barom';
      await waitFor(
        "Lighthouse's result for what was typed",
        () => api.searchPick.shown?.items.find((i) => i.hit?.session.id === session.id),
        (i) => i !== undefined,
      );
    } finally {
      clearInterval(reporting);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
  });

  it('a session whose title and contents both hold the word is listed once: by what it said, its title said to match too', async () => {
    const session = await createSession(first, { title: 'Count the marmots' });
    await prompt(first, session.id, 'How many marmots came back?', [text('Seven.')]);
    await waitFor(
      'its prompt indexed',
      () => found('marmots'),
      (hits) => hits.some((h) => h.session.id === session.id),
    );
    await vscode.commands.executeCommand('opencodeSessions.searchContents', 'marmots');
    try {
      const listed = await waitFor(
        'the session in the pick by what it said',
        () => api.searchPick.shown?.items.filter((i) => i.hit?.session.id === session.id || i.titled?.sessionId === session.id) ?? [],
        (items) => items.some((i) => i.hit),
      );
      assert.equal(listed.length, 1, `listed once: ${JSON.stringify(listed.map((i) => [i.label, i.detail]))}`);
      assert.match(listed[0].detail ?? '', /Title matches/, 'its title matched too');
      assert.equal(api.searchPick.shown?.items[0], listed[0], 'first, where its title put it');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
  });

  it("a title's word beginning lists the session by its title, and Enter opens its transcript", async () => {
    const session = await createSession(first, { title: 'Chase the flaky deploy' });
    await prompt(first, session.id, 'Why does it fail on Tuesdays?', [text('The clock skews.')]);
    await waitFor(
      'the session listed',
      () => connectionFor(api, first.server.url)?.sessions.get(session.id),
      (r) => r !== undefined,
    );
    await vscode.commands.executeCommand('opencodeSessions.searchContents', 'flak');
    const item = await waitFor(
      'the session in the pick by its title',
      () => api.searchPick.shown?.items.find((i) => i.titled?.sessionId === session.id),
      (i) => i !== undefined,
    );
    assert.equal(item!.label, 'Chase the flaky deploy');
    assert.ok(!(await found('flak')).some((h) => h.session.id === session.id), 'no content of it said the word');
    api.searchPick.accept(item!);
    await waitFor(
      'its transcript open',
      () =>
        vscode.workspace.textDocuments
          .find((d) => d.uri.scheme === TRANSCRIPT_SCHEME && targetOf(d.uri)?.sessionId === session.id)
          ?.getText() ?? '',
      (t) => t.includes('The clock skews.'),
    );
  });
});

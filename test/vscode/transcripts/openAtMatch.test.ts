// A search result's Open Source button in a real VS Code against a real server behind the fault proxy: while the
// session's message pages are held, the transcript's source already shows the match (as the index holds it) with the
// matched word selected; once they are let through, the whole transcript replaces it with the word selected in the
// matched prompt, read in one walk of the pages (no page asked twice). Enter on two results while the pages are held
// shows the preview at once, at the second result's word as the index holds it, then the whole transcript with that
// word marked where the preview starts (what the preview then shows: test/ui/search/enterAtMatch.test.ts), in one
// document of the transcript at a match, whatever the match.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { MESSAGE_PAGE_SIZE } from '../../../src/client/v1/messagePages';
import { MATCH_FRAGMENT } from '../../../src/features/transcripts/matchAnchor';
import { TRANSCRIPT_SCHEME, targetOf } from '../../../src/features/transcripts/transcriptUri';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { importedSession } from '../../harness/importedSession';
import { configureServers, connectionFor, extensionApi, waitFor } from '../helpers/extensionApi';

const STEPS = 300;
/** In the oldest page: the newest are read first. */
const MATCHED_STEP = 4;
const PHRASE = 'quokka ledger';
const BEING_READ = 'being read';

describe('Open a transcript at a search match', function () {
  this.timeout(300_000);
  let api: ExtensionApi;
  let h: RunningHarness;
  let proxy: FaultProxy;

  before(async () => {
    api = await extensionApi();
    h = await startHarness();
    proxy = await new FaultProxy(h.server.url).start();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await configureServers([]);
    await vscode.commands.executeCommand('opencodeSessions.resumeIndexing');
    await proxy?.stop();
    await h?.dispose();
  });

  it('shows the match before the server answers, then the whole transcript at it, in one walk of the pages', async () => {
    const session = await importedSession(h, {
      steps: STEPS,
      title: 'Long audit',
      // Older than a week: nothing else reads its messages (the Changes rows read the sessions of the last week).
      end: Date.now() - 10 * 86_400_000,
      prompt: (i) => (i === MATCHED_STEP ? `Step ${i + 1}: balance the ${PHRASE}` : `Step ${i + 1}, please`),
    });
    await configureServers([{ name: 'match', url: proxy.url }]);
    await waitFor(
      'online with the session',
      () => connectionFor(api, proxy.url),
      (c) => c?.state.kind === 'online' && c.sessions.get(session.id) !== undefined,
    );
    await waitFor(
      'the phrase indexed and indexing settled',
      async () => ({ hits: (await api.search.search({ text: PHRASE })).length, running: api.search.progress().running }),
      (s) => s.hits === 1 && !s.running,
    );
    // From here on the content index reads nothing: every message read the proxy sees is the transcript's.
    await vscode.commands.executeCommand('opencodeSessions.pauseIndexing');
    const route = `/session/${session.id}/message`;
    proxy.record();
    const before = proxy.requests.length;
    proxy.setFaults([{ fault: { kind: 'hold' }, path: new RegExp(`^${route}$`) }]);

    await vscode.commands.executeCommand('opencodeSessions.searchContents', PHRASE);
    const item = await waitFor(
      'the result in the pick',
      () => api.searchPick.shown?.items.find((i) => i.hit?.session.id === session.id),
      (i) => i !== undefined,
    );
    api.searchPick.openSource(item!);
    const early = await waitFor(
      'the match shown while the first page is held',
      () => {
        const editor = vscode.window.activeTextEditor;
        const shown = editor?.document.uri.scheme === TRANSCRIPT_SCHEME && targetOf(editor.document.uri)?.sessionId === session.id;
        return {
          text: shown ? editor.document.getText() : '',
          line: shown ? editor.document.lineAt(editor.selection.active.line).text : '',
          selected: shown ? editor.document.getText(editor.selection) : '',
          held: proxy.held.get(route) ?? 0,
        };
      },
      (s) => s.text.includes(PHRASE) && s.held === 1 && s.line.includes(PHRASE),
    );
    assert.ok(early.line.includes(PHRASE), `the cursor is on the match: ${early.line}`);
    assert.equal(early.selected, 'quokka', 'the first of the words matched is selected');
    assert.ok(early.text.includes(BEING_READ), 'it says the rest is being read');
    assert.ok(!early.text.includes('Step 1 done.'), 'nothing the server holds is shown yet');
    assert.equal(proxy.held.get(route), 1, 'the read is still held: the match came from the index');

    proxy.setFaults([]);
    const editor = vscode.window.activeTextEditor!;
    const whole = await waitFor(
      'the whole transcript, the cursor at the matched prompt',
      () => ({
        text: editor.document.getText(),
        line: editor.document.lineAt(editor.selection.active.line).text,
        selected: editor.document.getText(editor.selection),
      }),
      (s) => !s.text.includes(BEING_READ) && s.text.includes('Step 1 done.') && s.line.includes('quokka'),
    );
    assert.equal(whole.selected, 'quokka', 'the matched word is selected in the whole transcript');
    assert.ok(whole.text.includes(`Step ${STEPS} done.`));
    const reads = proxy.requests.slice(before).filter((r) => r.path === route);
    const pages = Math.ceil((2 * STEPS) / MESSAGE_PAGE_SIZE);
    assert.equal(new Set(reads.map((r) => r.search)).size, reads.length, `no page read twice: ${reads.map((r) => r.search).join(' ')}`);
    assert.ok(reads.length >= pages && reads.length <= pages + 1, `one walk of ${pages} pages: ${reads.length} reads`);
    assert.equal(reads.filter((r) => !r.search.includes('before=')).length, 1, 'the walk started once');
  });
  it('a second result opened while the first is read is where the transcript lands, rendered too', async () => {
    const FIRST = 'wombat';
    const SECOND = 'marmalade';
    // Connected anew once the session is there: the index reads it with the server's sessions.
    await configureServers([]);
    const session = await importedSession(h, {
      steps: STEPS,
      title: 'Two matches',
      end: Date.now() - 10 * 86_400_000,
      prompt: (i) =>
        i === 10 ? `Step ${i + 1}: feed the ${FIRST}` : i === 200 ? `Step ${i + 1}: spread the ${SECOND}` : `Step ${i + 1}, please`,
    });
    await vscode.commands.executeCommand('opencodeSessions.resumeIndexing');
    await configureServers([{ name: 'match', url: proxy.url }]);
    await waitFor(
      'both words indexed and indexing settled',
      async () => ({
        first: (await api.search.search({ text: FIRST })).length,
        second: (await api.search.search({ text: SECOND })).length,
        running: api.search.progress().running,
      }),
      (s) => s.first === 1 && s.second === 1 && !s.running,
    );
    await vscode.commands.executeCommand('opencodeSessions.pauseIndexing');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const route = `/session/${session.id}/message`;
    try {
      const from = proxy.requests.length;
      proxy.setFaults([{ fault: { kind: 'hold' }, path: new RegExp(`^${route}$`) }]);
      for (const word of [FIRST, SECOND]) {
        await vscode.commands.executeCommand('opencodeSessions.searchContents', word);
        const item = await waitFor(
          `the result for ${word}`,
          () => api.searchPick.shown?.items.find((i) => i.hit?.session.id === session.id),
          (i) => i !== undefined,
        );
        api.searchPick.accept(item!);
        // Its preview in front too before the next search: a preview that opens later takes the focus, and VS Code
        // hides a quick pick that loses it (the next search's pick closed so in a full host stage).
        await waitFor(
          `the transcript read for ${word} (held), the pick gone and its preview in front`,
          () => {
            const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
            const previewed = tab?.input instanceof vscode.TabInputWebview ? api.transcripts.previews.previewed(tab.label) : undefined;
            return (
              (proxy.held.get(route) ?? 0) >= 1 &&
              api.searchPick.shown === undefined &&
              previewed !== undefined &&
              targetOf(previewed)?.sessionId === session.id
            );
          },
          (ready) => ready,
        );
      }
      // Shown at once, while the transcript is read: the second match, as the index holds it, its word marked.
      const early = await waitFor(
        'the preview in front at the second match while the pages are held',
        () => {
          const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
          const uri = tab && tab.input instanceof vscode.TabInputWebview ? api.transcripts.previews.previewed(tab.label) : undefined;
          const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri?.toString())?.getText() ?? '';
          return { uri: uri?.toString(), marked: text.includes(`>${SECOND}</mark>`), reading: text.includes(BEING_READ) };
        },
        (s) => s.marked && s.reading,
      );
      // Held: the transcript's first page, read once, and the context %'s newest messages (the status bar's, for the
      // session its transcript made the active one), nothing else.
      const held = proxy.requests
        .slice(from)
        .filter((r) => r.path === route)
        .map((r) => new URLSearchParams(r.search).get('limit'));
      assert.deepEqual(
        held.filter((limit) => limit !== '20'),
        [String(MESSAGE_PAGE_SIZE)],
        `the transcript's first page read once: ${JSON.stringify(early)} ${held.join(' ')}`,
      );
      assert.ok(held.length <= 2, `at most the context's read besides: ${held.join(' ')}`);
      proxy.setFaults([]);
      const front = await waitFor(
        'the preview in front, its opens settled',
        () => {
          const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
          const uri = tab && tab.input instanceof vscode.TabInputWebview ? api.transcripts.previews.previewed(tab.label) : undefined;
          return { uri, opening: uri !== undefined && api.transcripts.opening(uri) };
        },
        (s) => s.uri !== undefined && !s.opening,
      );
      const previewed = front.uri!;
      assert.equal(targetOf(previewed)?.sessionId, session.id);
      assert.equal(previewed.fragment, MATCH_FRAGMENT);
      // The preview starts at the element whose id is the fragment, at its line (the first element there): the second
      // match's word, marked in the whole transcript as the Markdown extension renders it.
      const document = await waitFor(
        'the whole transcript at the match',
        () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === previewed.toString()),
        (d) => d !== undefined && d.getText().includes('Step 1 done.') && !d.getText().includes(BEING_READ),
      );
      const text = document!.getText();
      const html = await vscode.commands.executeCommand<string>('markdown.api.render', text);
      const mark = html.indexOf(`<mark id="${MATCH_FRAGMENT}" class="code-line" data-line="`);
      assert.ok(mark >= 0 && html.indexOf('<mark', mark + 1) < 0, 'one mark');
      const line = Number(html.slice(mark).split('data-line="')[1].split('"')[0]);
      // The prompt is a line under its heading: the preview starts at the heading, the word just below it.
      assert.ok(
        document!.lineAt(line).text.startsWith('## Prompt'),
        `the preview's top, the prompt's heading: ${document!.lineAt(line).text}`,
      );
      const wordLine = text.split('\n').findIndex((l) => l.includes(`Step 201: spread the <mark`));
      assert.ok(wordLine > line && wordLine - line <= 2, `the word under its heading: lines ${line} and ${wordLine}`);
      assert.ok(html.slice(mark, mark + 200).includes(`>${SECOND}</mark>`), 'the word itself marked');
      // One document of the transcript at a match, whatever the match (a live change reads each again).
      const atMatch = vscode.workspace.textDocuments.filter((d) => targetOf(d.uri)?.sessionId === session.id && d.uri.fragment);
      assert.deepEqual(
        atMatch.map((d) => d.uri.fragment),
        [MATCH_FRAGMENT],
      );
    } finally {
      proxy.setFaults([]);
    }
  });
});

// A transcript opened from a search result (Enter: its rendered preview at the match) follows the session as it
// works: its total and its newest reply come in as the session row's do. Also once VS Code has let go of the
// document the preview shows (it keeps a document no editor shows 3 minutes, or 50 of them: here 60 other documents
// are opened): while the preview is open, the transcript is still followed.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { formatCost } from '../../../src/present/format';
import { MATCH_FRAGMENT } from '../../../src/features/transcripts/matchAnchor';
import { targetOf } from '../../../src/features/transcripts/transcriptUri';
import { createSession, getSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { serverForSuite, waitFor } from '../helpers/extensionApi';

const USAGE = { prompt: 1_000, completion: 100 };

describe('A transcript opened from a search result', function () {
  this.timeout(300_000);
  const suite = serverForSuite('follow');
  const folder = mkdtempSync(join(tmpdir(), 'ocs-follow-'));

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder, { recursive: true, force: true });
  });

  it('follows the session: its total and newest reply, also after VS Code let go of its document', async () => {
    const { h, api } = suite;
    const session = await createSession(h, { title: 'Pelican count' });
    // The replies after the first do not say the word searched: the word is marked only where the result matched.
    await prompt(h, session.id, 'Count the pelicans', [text('Three pelicans on the pier.', USAGE)]);
    await waitFor(
      'the word indexed',
      async () => (await api.search.search({ text: 'pelicans' })).length,
      (n) => n >= 1,
    );
    await vscode.commands.executeCommand('opencodeSessions.searchContents', 'pelicans');
    const item = await waitFor(
      'the result',
      () => api.searchPick.shown?.items.find((i) => i.hit?.session.id === session.id),
      (i) => i !== undefined,
    );
    api.searchPick.accept(item!);
    const front = await waitFor(
      'the preview at the match in front, its open settled',
      () => {
        const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
        const uri = tab?.input instanceof vscode.TabInputWebview ? api.transcripts.previews.previewed(tab.label) : undefined;
        return { uri, opening: uri !== undefined && api.transcripts.opening(uri) };
      },
      (s) => s.uri !== undefined && targetOf(s.uri)?.sessionId === session.id && !s.opening,
    );
    const uri = front.uri!;
    assert.equal(uri.fragment, MATCH_FRAGMENT);
    /** What the preview renders: VS Code's copy of the document at the match ('' once it let go of it). */
    const shown = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText() ?? '';
    const total = async () => `Total: ${formatCost((await getSession(h, session.id)).cost ?? 0).replace('$', '\\$')}`;
    const first = await total();
    await waitFor('the transcript with its total', shown, (t) => t.includes('on the pier.') && t.includes(first));

    await prompt(h, session.id, 'And now?', [text('Five of them now.', USAGE)]);
    const second = await total();
    assert.notEqual(second, first);
    await waitFor('the new reply and total shown', shown, (t) => t.includes('Five of them now.') && t.includes(second));

    // VS Code lets go of the oldest documents no editor shows past 50 of them.
    const closed = new Promise<void>((resolve) => {
      const watch = vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.toString() !== uri.toString()) return;
        watch.dispose();
        resolve();
      });
    });
    for (let i = 0; i < 60; i++) {
      const file = join(folder, `other-${i}.txt`);
      writeFileSync(file, `other ${i}\n`);
      await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    }
    await closed;
    await prompt(h, session.id, 'Any more?', [text('Seven of them at dusk.', USAGE)]);
    const third = await total();
    await waitFor('the newest reply and total shown still', shown, (t) => t.includes('Seven of them at dusk.') && t.includes(third));
  });
});

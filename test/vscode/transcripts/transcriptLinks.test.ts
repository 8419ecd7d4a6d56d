// A sub-agent's transcript opened from the links in its parent's transcript: the preview's link (relative: the
// Markdown preview resolves it and shows the child) and a copied link (the URI handler) open the child's transcript
// rendered; the source's document link (`vscode.open` on its target) opens the child's document, which fills in with
// the child's messages and says no more that earlier messages are being read; the parent's transcript links every
// descendant, a grandchild too, by its title, and a hostile title stays text. A link whose rendering fails is logged,
// and the transcript is not kept failed: the same link then opens it. A workspace file's preview that reads like a
// transcript's once previewed (a README) is not taken for it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TRANSCRIPT_SCHEME, targetOf, transcriptUri } from '../../../src/features/transcripts/transcriptUri';
import { transcriptLink } from '../../../src/app/sessions/transcriptLink';
import { createSession, prompt, spawnChild } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { EXTENSION_ID, connectionFor, serverForSuite, waitFor } from '../helpers/extensionApi';
import { extensionLog } from '../helpers/logs';

const BEING_READ = 'being read';

/** Waits for the active tab to be a Markdown preview whose label holds `label`. */
function previewed(label: string): Promise<unknown> {
  return waitFor(
    `a transcript previewed (${label})`,
    () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .map((tab) => ({
          label: tab.label,
          active: tab.isActive,
          viewType: tab.input instanceof vscode.TabInputWebview ? tab.input.viewType : tab.input?.constructor.name,
        })),
    (tabs) => tabs.some((t) => t.active && t.viewType?.endsWith('markdown.preview') && t.label.includes(label)),
  );
}

describe('Transcript links', function () {
  this.timeout(300_000);
  const suite = serverForSuite('links');

  /** A session of one prompt and reply, once the extension lists it; and its server's id. */
  async function listedSession(title: string, reply: string): Promise<{ session: { id: string }; serverId: string }> {
    const { h, api } = suite;
    const session = await createSession(h, { title });
    await prompt(h, session.id, 'Say hello', [text(reply)]);
    const connection = connectionFor(api, h.server.url)!;
    await waitFor(
      'the session listed',
      () => connection.sessions.get(session.id),
      (r) => r !== undefined,
    );
    return { session, serverId: connection.config.id };
  }

  it("a sub-agent's transcript opened from its parent's link fills in, and every descendant is linked by title", async () => {
    const { h, api } = suite;
    const parent = await createSession(h, { title: 'Release the build' });
    const child = await spawnChild(h, parent.id, { description: 'Fix the login redirect' });
    const hostile = 'Check <script>alert(1)</script> the [cookie](command:workbench.action.quit) `code`';
    const grandchild = await createSession(h, { title: hostile, parentID: child.id });
    await prompt(h, grandchild.id, 'Read the cookie', [text('The cookie is fresh.')]);
    const connection = connectionFor(api, h.server.url)!;
    await waitFor(
      'the grandchild listed under the child',
      () => connection.sessions.get(grandchild.id)?.info.parentID,
      (p) => p === child.id,
    );

    const serverId = connection.config.id;
    // Open Transcript shows it rendered: VS Code's Markdown preview of the transcript document.
    await vscode.commands.executeCommand('opencodeSessions.openTranscript', { kind: 'session', serverId, sessionId: parent.id });
    await previewed('Release the build');
    const parentDoc = await vscode.workspace.openTextDocument(transcriptUri({ serverId, sessionId: parent.id }, 'Release the build'));
    const linksOf = async (uri: vscode.Uri) => vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
    const linked = (links: vscode.DocumentLink[], id: string) =>
      links.find((l) => l.target?.scheme === TRANSCRIPT_SCHEME && targetOf(l.target)?.sessionId === id);
    const links = await waitFor(
      "the parent's transcript links the child and the grandchild",
      () => linksOf(parentDoc.uri),
      (found) => linked(found, child.id) !== undefined && linked(found, grandchild.id) !== undefined,
    );

    // The preview's own link to the child (the Markdown's): relative, so the Markdown preview resolves it against the
    // parent's document and shows the child in place, in every VS Code (a UI test clicks it in the browser).
    const childLine = parentDoc.getText().split('\n')[linked(links, child.id)!.range.start.line];
    const href = childLine.slice(childLine.indexOf('](<') + 3, childLine.lastIndexOf('>)'));
    assert.ok(href.startsWith(`../${child.id}/`), `a relative link: ${href}`);
    const resolved = vscode.Uri.joinPath(parentDoc.uri, '..', decodeURIComponent(href));
    assert.deepEqual(targetOf(resolved), { serverId, sessionId: child.id }, `resolved to the child: ${resolved.toString()}`);
    await vscode.commands.executeCommand('markdown.showPreview', resolved);
    // The tab reads the child's title (its id is in the URI's folder, not the name).
    await previewed('Fix the login redirect');

    // A link copied from a search hit (Copy Link) goes through this extension's URI handler: the transcript rendered.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.parse(transcriptLink(EXTENSION_ID, { serverId, sessionId: child.id })));
    await previewed('Fix the login redirect');

    // Followed as a click in the source follows it (our document link): the child's transcript document.
    const target = linked(links, child.id)!.target!;
    await vscode.commands.executeCommand('vscode.open', target);
    const childDoc = await waitFor(
      "the child's transcript open",
      () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === TRANSCRIPT_SCHEME && targetOf(d.uri)?.sessionId === child.id),
      (d) => d !== undefined,
    );
    await waitFor(
      "the child's transcript holds its messages and nothing is still being read",
      () => childDoc!.getText(),
      (body) => body.includes('Fix the login redirect: done.') && !body.includes(BEING_READ),
    );

    // The grandchild too, from the parent's transcript, named by its title and escaped.
    const body = parentDoc.getText();
    const grandLine = body.split('\n')[linked(links, grandchild.id)!.range.start.line];
    assert.ok(!/(?<!\\)<script/.test(grandLine) && !/(?<!\\)\]\(command:/.test(grandLine), `the title is escaped: ${grandLine}`);
    const label = grandLine.slice(0, grandLine.indexOf('](<'));
    assert.ok(label.includes('cookie') && !label.includes(grandchild.id), `linked by its title: ${grandLine}`);
    await vscode.commands.executeCommand('vscode.open', linked(links, grandchild.id)!.target!);
    await waitFor(
      "the grandchild's transcript holds its messages",
      () => vscode.workspace.textDocuments.find((d) => targetOf(d.uri)?.sessionId === grandchild.id)?.getText() ?? '',
      (text) => text.includes('The cookie is fresh.') && !text.includes(BEING_READ),
    );
  });

  it("a workspace README's preview, after a transcript titled README was previewed and closed, exports nothing", async () => {
    const { api } = suite;
    const { session, serverId } = await listedSession('README', 'Hello from the README session.');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('opencodeSessions.openTranscript', { kind: 'session', serverId, sessionId: session.id });
    await previewed('README.md');
    const activeLabel = () => vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '';
    assert.equal(targetOf(api.transcripts.previews.previewed(activeLabel())!)?.sessionId, session.id, 'the transcript previewed');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(
      'every tab closed',
      () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).length,
      (n) => n === 0,
    );

    // The repository's own README.md, open and previewed: its tab reads as the transcript's did.
    const readme = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'README.md');
    await vscode.workspace.fs.writeFile(readme, Buffer.from("# The workspace's own README\n", 'utf8'));
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(readme));
      await vscode.commands.executeCommand('markdown.showPreview', readme);
      await previewed('README.md');
      assert.equal(api.transcripts.previews.previewed(activeLabel()), undefined, `not the transcript: ${activeLabel()}`);
      // Export Transcript from it: nothing to export (not the session's transcript under the README's name).
      const before = api.said.total;
      void vscode.commands.executeCommand('opencodeSessions.exportTranscript');
      await waitFor(
        'Export Transcript asks for a transcript first',
        () => api.said.since(before),
        (said) => said.some((m) => m.includes('Open a transcript first')),
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(readme);
    }
  });

  it('a link whose transcript fails to render logs why, and following it again renders the transcript', async () => {
    const { api } = suite;
    const { session, serverId } = await listedSession('Render on retry', 'Hello from the second try.');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const link = vscode.Uri.parse(transcriptLink(EXTENSION_ID, { serverId, sessionId: session.id }));
    // A fault put in the renderer, standing for a bug in it: every rendering fails until it is taken out.
    const renderer = api.transcripts as unknown as { renderNow?: () => Promise<void> };
    renderer.renderNow = () => Promise.reject(new Error('the renderer failed (a test fault)'));
    try {
      await vscode.commands.executeCommand('vscode.open', link);
      await waitFor(
        "the link's failure logged, not left unhandled",
        () => extensionLog(api).filter((line) => line.includes(`Opening the transcript of ${session.id} from a link failed`)),
        (lines) => lines.length === 1 && lines[0].includes('a test fault'),
      );
    } finally {
      delete renderer.renderNow;
    }
    // The failed rendering was not kept: the same link reads and renders the transcript anew.
    await vscode.commands.executeCommand('vscode.open', link);
    await previewed('Render on retry');
    const uri = transcriptUri({ serverId, sessionId: session.id }, api.transcripts.titleOf(serverId, session.id));
    await waitFor(
      'the transcript rendered on the second try',
      () => api.transcripts.current(uri)?.text ?? '',
      (body) => body.includes('Hello from the second try.'),
    );
  });
});

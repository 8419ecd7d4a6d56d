// The status bar follows the one change flow, in a real VS Code against a real OpenCode server: while
// only another session changes its item is not written, and its own session's change is. The shown session has no
// reply yet, so its context % needs its newest messages read over HTTP: that read happens when the session
// changes (where data is read), and the item settles after it.
import * as assert from 'node:assert/strict';
import { createSession } from '../../harness/scenario';
import { costItem, connectionFor, serverForSuite, waitFor } from '../helpers/extensionApi';

describe('The status bar follows the change flow', function () {
  this.timeout(180_000);
  const suite = serverForSuite('statusBarFlow');

  it("draws nothing for another session's changes, and draws its own", async () => {
    const { h, api } = suite;
    const connection = connectionFor(api, h.server.url)!;
    // As read: the tooltip's Markdown spaces are non-breaking.
    const shownTooltip = () => costItem(api).tooltip.replace(/&nbsp;/g, ' ');
    const shown = await createSession(h, { title: 'Shown session' });
    const other = await createSession(h, { title: 'Other session' });
    await waitFor('both sessions in the store', () => !!connection.sessions.get(shown.id) && !!connection.sessions.get(other.id), Boolean);
    api.active.set({ serverId: connection.config.id, sessionId: shown.id });
    await waitFor(
      'the status bar shows the picked session',
      () => shownTooltip(),
      (t) => t.includes('Shown session'),
    );
    const rename = async (id: string, title: string) => {
      await h.server.client().session.update({ sessionID: id, title });
      await waitFor(
        `“${title}” in the store`,
        () => connection.sessions.get(id)?.info.title,
        (t) => t === title,
      );
      // The frame that carries it reaches the views within FRAME_MS of the store's change.
      await waitFor(
        'the frame that carries it told',
        () => api.active.frames.pending,
        (pending) => !pending,
      );
    };

    // Picking it settles first: its context read (no reply in the store: its newest messages are read for the
    // context %), the budget windows' load and the wide figures after them.
    await waitFor(
      'the status bar settled after the pick',
      () => api.statusBar.settling,
      (settling) => !settling,
    );
    // Each draw writes the item a new tooltip: the same one still there is no draw.
    const drawn = api.statusBar.item.tooltip;
    for (let k = 1; k <= 5; k++) await rename(other.id, `Other session ${k}`);
    assert.equal(api.statusBar.item.tooltip, drawn, "no draw for another session's changes");

    await rename(shown.id, 'Shown session renamed');
    await waitFor(
      'the status bar shows the new title',
      () => shownTooltip(),
      (t) => t.includes('Shown session renamed'),
    );
    assert.notEqual(api.statusBar.item.tooltip, drawn, 'its own change is drawn');
  });
});

import * as vscode from 'vscode';
import { showInformation } from '../../../app/host/notify';
import type { ServerConnection } from '../../../client/serverConnection';
import type { SessionTargets } from '../../../app/commands/sessionTarget';
import { sessionRef } from '../../../app/sessions/sessionRef';
import { isSessionRef } from '../../../store/sessionRef';
import type { Logger } from '../../../base/logger';
import { switchItems, type SwitchItem, type SwitchSource } from '../../../present/switchItems';
import type { SessionDecorations } from '../../../app/sessions/sessionDecorations';
import { runCommand } from '../../../app/commands/commandTable';

export type SwitchPickItem = vscode.QuickPickItem & { item: SwitchItem };
type PickItem = SwitchPickItem;

/**
 * The Switch Session pick shown now, if any. The extension-host tests set its active item and `accept()` it as
 * Enter does (the workbench's own accept command may act on its focus before the extension's change reaches it).
 */
export class SwitchPick {
  shown: vscode.QuickPick<SwitchPickItem> | undefined;
  private accepting: (() => void) | undefined;

  accept(): void {
    this.accepting?.();
  }

  /** While `pick` is shown: it is `shown`, and accept() runs `onAccept`. */
  track(pick: vscode.QuickPick<SwitchPickItem>, onAccept: () => void): vscode.Disposable {
    this.shown = pick;
    this.accepting = onAccept;
    return new vscode.Disposable(() => {
      if (this.shown !== pick) return;
      this.shown = undefined;
      this.accepting = undefined;
    });
  }
}

const TERMINAL_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('terminal'), tooltip: 'Open in Terminal' };
const TRANSCRIPT_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('book'), tooltip: 'Open Transcript' };

/**
 * Picks a session from every server and makes it the active one: the tree reveals it, the status bar and
 * the panel follow, and a TUI attached to that server switches to it as well.
 */
export function registerSwitchSession(targets: SessionTargets, log: Logger, shown: SwitchPick): vscode.Disposable {
  // With `{serverId, sessionId}` (a budget notification's Show Session) it shows that session, without a pick.
  return vscode.commands.registerCommand('opencodeSessions.switchSession', async (given?: unknown) => {
    const picked = isSessionRef(given) ? given : await pick(targets, shown);
    if (!picked) return;
    const connection = targets.registry.get(picked.serverId);
    if (!connection) return;
    if (!(await targets.view.rows.reveal(connection, picked.sessionId, true))) {
      void showInformation(vscode.l10n.t('That session is no longer listed on {0}.', connection.label));
      return;
    }
    void selectInTui(log, connection, picked.sessionId);
  });
}

/** Every server's sessions as Switch Session lists them, each led by its first mark as the tree's row is. */
export function switchSources(registry: SessionTargets['registry'], decorations?: SessionDecorations): SwitchSource[] {
  return registry.all.map((c) => ({
    serverId: c.config.id,
    serverLabel: c.label,
    sessions: c.sessions,
    online: c.sessionsPhase === 'online',
    mark: (id: string) => {
      const [mark] = decorations?.of(c, id) ?? [];
      return mark && { icon: mark.icon?.id, words: mark.words };
    },
  }));
}

function pick({ registry, active, decorations }: SessionTargets, shown: SwitchPick): Promise<SwitchItem | undefined> {
  const sources = switchSources(registry, decorations);
  const following = active.get();
  const current = following && { serverId: following.connection.config.id, sessionId: following.record.info.id };
  // Opened on the most recent session (the first row, in view); the one followed now says "current" where it is.
  const items: PickItem[] = switchItems(sources, Date.now(), current).map((item) => ({
    label: item.label,
    description: item.description,
    detail: item.detail,
    buttons: [TRANSCRIPT_BUTTON, TERMINAL_BUTTON],
    item,
  }));
  if (!items.length) {
    void showInformation(vscode.l10n.t('There is no OpenCode session yet.'));
    return Promise.resolve(undefined);
  }
  const quickPick = vscode.window.createQuickPick<PickItem>();
  quickPick.title = vscode.l10n.t('Switch OpenCode Session');
  quickPick.placeholder = vscode.l10n.t('Filter by title or id');
  quickPick.matchOnDescription = false;
  quickPick.matchOnDetail = true;
  quickPick.items = items;
  return new Promise((resolve) => {
    let result: SwitchItem | undefined;
    quickPick.onDidTriggerItemButton(({ item, button }) => {
      const connection = registry.get(item.item.serverId);
      const command = button === TRANSCRIPT_BUTTON ? 'opencodeSessions.openTranscript' : 'opencodeSessions.openSessionInTerminal';
      if (connection) void runCommand(command, sessionRef(connection, item.item.sessionId));
      quickPick.hide();
    });
    const accept = () => {
      result = (quickPick.selectedItems[0] ?? quickPick.activeItems[0])?.item;
      quickPick.hide();
    };
    const tracked = shown.track(quickPick, accept);
    quickPick.onDidAccept(accept);
    quickPick.onDidHide(() => {
      tracked.dispose();
      quickPick.dispose();
      resolve(result);
    });
    quickPick.show();
  });
}

/** A TUI attached to that server follows; without one the call just fails. */
async function selectInTui(log: Logger, connection: ServerConnection, sessionId: string): Promise<void> {
  const record = connection.sessions.get(sessionId);
  if (!record || !connection.api.offers('selectInTui')) return;
  try {
    await connection.api.selectInTui(record.info);
  } catch (err) {
    log.info(`${connection.label}: no TUI followed the switch (${err instanceof Error ? err.message : String(err)}).`);
  }
}

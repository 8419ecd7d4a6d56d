// Small actions on one session, each on the command kit's skeleton (target, offline, errors): abort its
// turn, copy its id, read it again, open the server's web UI or a terminal attached to it.
import * as vscode from 'vscode';
import { showError, showInformation } from '../../../app/host/notify';
import { findOpencode } from '../../../app/servers/findOpencode';
import { quotedTitle } from '../../../present/sessionTitle';
import type { SessionTargets } from '../../../app/commands/sessionTarget';
import { registerSessionCommand } from '../../../app/commands/registerSessionCommand';
import { AttachRefused, attachPlan, launcherTerminal, prepareLaunch, type AttachPlan } from './attachLaunch';

export function registerSessionActions(targets: SessionTargets): vscode.Disposable {
  return vscode.Disposable.from(
    registerAbortSession(targets),
    registerCopySessionId(targets),
    registerRefreshSession(targets),
    registerOpenSessionInBrowser(targets),
    registerOpenSessionInTerminal(targets),
  );
}

/** Stops the running turn. Only a busy session has one; the menu shows it only then. */
function registerAbortSession(targets: SessionTargets): vscode.Disposable {
  return registerSessionCommand(targets, {
    id: 'opencodeSessions.abortSession',
    title: vscode.l10n.t('Abort OpenCode Session'),
    needs: 'abort',
    failure: vscode.l10n.t('Aborting the session'),
    async run(target) {
      if (target.record.status.type === 'idle') {
        void showInformation(vscode.l10n.t('{0} is not running anything.', quotedTitle(target.record.info)));
        return;
      }
      await target.connection.api.abort(target.record.info);
    },
  });
}

/** Works offline too: the id is already known. */
function registerCopySessionId(targets: SessionTargets): vscode.Disposable {
  return registerSessionCommand(targets, {
    id: 'opencodeSessions.copySessionId',
    title: vscode.l10n.t('Copy OpenCode Session ID'),
    online: false,
    async run(target) {
      await vscode.env.clipboard.writeText(target.record.info.id);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', target.record.info.id), 3000);
    },
  });
}

/** Re-reads one session from the server, without the full reconnect that Refresh does. */
function registerRefreshSession(targets: SessionTargets): vscode.Disposable {
  return registerSessionCommand(targets, {
    id: 'opencodeSessions.refreshSession',
    title: vscode.l10n.t('Refresh OpenCode Session'),
    failure: vscode.l10n.t('Refreshing the session'),
    run: (target) => target.connection.refreshSession(target.record.info.id),
  });
}

/**
 * Opens the server's own web UI (served at its root URL; the browser asks for the password itself).
 * Its per-session route is internal to the web app and not a documented API, so this opens the root.
 */
function registerOpenSessionInBrowser(targets: SessionTargets): vscode.Disposable {
  return registerSessionCommand(targets, {
    id: 'opencodeSessions.openSessionInBrowser',
    title: vscode.l10n.t('Open OpenCode Session in Browser'),
    async run(target) {
      // A cluster Agent's in-cluster URL does not resolve here; its relay does.
      const { url } = await target.connection.endpoint();
      await vscode.env.openExternal(vscode.Uri.parse(url));
    },
  });
}

/**
 * A VS Code terminal running `opencode attach URL --session ID` (the same binary the local server would
 * use: the machine setting, else PATH), through the launcher of attachLaunch.ts: the password is in no
 * terminal env, creationOptions or argv, the session id is checked before anything is built, and no shell
 * parses the command. The title is left out: it is untrusted text.
 */
function registerOpenSessionInTerminal(targets: SessionTargets): vscode.Disposable {
  return registerSessionCommand(targets, {
    id: 'opencodeSessions.openSessionInTerminal',
    title: vscode.l10n.t('Open OpenCode Session in Terminal'),
    async run(target) {
      const binary = findOpencode();
      if (!binary.found) {
        void showError(binary.message);
        return;
      }
      // The endpoint, not the configured URL: a cluster Agent is reached through its loopback relay.
      const { url, password } = await target.connection.endpoint();
      let plan: AttachPlan;
      try {
        plan = attachPlan(binary.path, url, target.record.info.id);
      } catch (err) {
        if (!(err instanceof AttachRefused)) throw err;
        void showError(err.message);
        return;
      }
      const cwd =
        target.record.info.directory && (await isDirectory(target.record.info.directory)) ? target.record.info.directory : undefined;
      const launch = prepareLaunch(plan, password);
      const terminal = vscode.window.createTerminal({
        name: vscode.l10n.t('OpenCode {0}', target.record.info.id.slice(-8)),
        cwd,
        ...launcherTerminal(launch.launcher),
      });
      // The launcher deletes its folder as it starts; this covers a terminal that never ran it.
      const timer = setTimeout(() => launch.cleanup(), LAUNCH_CLEANUP_MS);
      const closed = vscode.window.onDidCloseTerminal((t) => {
        if (t !== terminal) return;
        clearTimeout(timer);
        launch.cleanup();
        closed.dispose();
      });
      terminal.show();
      return terminal;
    },
  });
}

const LAUNCH_CLEANUP_MS = 120_000;

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(vscode.Uri.file(path))).type === vscode.FileType.Directory;
  } catch {
    return false;
  }
}

// The sessions view as the app shows it to the other features (its rows, its selection, revealing a session),
// and the selection followed as the active session.
import * as vscode from 'vscode';
import type { ActiveSession } from '../../../app/sessions/activeSession';
import type { SessionsModel } from '../../../app/sessions/sessionsModel';
import type { RowHost } from '../../../app/sessions/sessionsView';
import type { ServerConnection } from '../../../client/serverConnection';
import { isSessionRef } from '../../../store/sessionRef';
import type { SessionTreeProvider } from './sessionTreeProvider';

const WAIT_MS = 5_000;
const REVEAL_ATTEMPTS = 3;

export function viewHost(tree: SessionTreeProvider, view: vscode.TreeView<unknown>, active: ActiveSession, model: SessionsModel): RowHost {
  return {
    selection: () => view.selection,
    reveal: (connection, sessionId, focus) => revealSession(tree, view, active, model, connection, sessionId, focus),
    serverRow: (connection) => tree.serverNode(connection),
    sessionRow: (connection, sessionId) => tree.sessionNode(connection, sessionId),
    shownSessionRow: (connection, sessionId) => tree.shownSessionNode(connection, sessionId),
    refresh: (row) => tree.refresh(row),
    setBadge: (badge) => (view.badge = badge),
  };
}

/** Picking a session in the tree makes it the active one. */
export function followSelection(view: vscode.TreeView<unknown>, active: ActiveSession): vscode.Disposable {
  return view.onDidChangeSelection(({ selection }) => {
    const node = selection[0] as { kind?: unknown } | undefined;
    if (node?.kind === 'session' && isSessionRef(node)) active.set({ serverId: node.serverId, sessionId: node.sessionId });
  });
}

/** Makes a session the active one and shows it selected in the tree (Switch Session, Fork, a Task's session). */
async function revealSession(
  tree: SessionTreeProvider,
  view: vscode.TreeView<unknown>,
  active: ActiveSession,
  model: SessionsModel,
  connection: ServerConnection,
  sessionId: string,
  focus = false,
): Promise<boolean> {
  // A session just created on the server reaches the store with its event, a moment after the call returns.
  // One that never does is not picked: the pick would fall back to another session, and the panel jump to it.
  if (!(await inStore(model, connection, sessionId))) return false;
  active.set({ serverId: connection.config.id, sessionId });
  // A session beyond the first page of a long list: the page grows to include it first.
  await tree.showSession(connection, sessionId, view.visible);
  const node = tree.sessionNode(connection, sessionId);
  for (let attempt = 1; attempt <= REVEAL_ATTEMPTS; attempt++) {
    try {
      await view.reveal(node, { select: true, focus, expand: false });
    } catch {
      // Hidden by the title filter or an archived session: it is still active, just not shown.
      return true;
    }
    // VS Code reports the selection before reveal() settles. No row selected: it looked in a list it had read
    // before this session joined it (a view that reveal() just opened redraws after it looked).
    if (view.selection.includes(node) || attempt === REVEAL_ATTEMPTS) break;
    await tree.redrawListOf(connection, sessionId);
  }
  return true;
}

function inStore(model: SessionsModel, connection: ServerConnection, sessionId: string): Promise<boolean> {
  if (connection.sessions.get(sessionId)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (found: boolean) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(found);
    };
    const subscription = model.onDidChange(() => connection.sessions.get(sessionId) && done(true));
    const timer = setTimeout(() => done(false), WAIT_MS);
  });
}

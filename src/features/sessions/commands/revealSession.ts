// Makes a session the active one and shows it selected in the tree (Switch Session, Fork).
import type { ServerConnection } from '../../../client/serverConnection';
import type { CommandContext } from '../../../app/commands/context';

const WAIT_MS = 5_000;

export async function revealSession(ctx: CommandContext, connection: ServerConnection, sessionId: string): Promise<void> {
  ctx.active.set({ serverId: connection.config.id, sessionId });
  // A session just created on the server reaches the store with its event, a moment after the call returns.
  if (!(await inStore(connection, sessionId))) return;
  try {
    await ctx.view.reveal(ctx.tree.sessionNode(connection, sessionId), { select: true, focus: false, expand: false });
  } catch {
    // Hidden by the title filter or an archived session: it is still active, just not shown.
  }
}

function inStore(connection: ServerConnection, sessionId: string): Promise<boolean> {
  if (connection.sessions.get(sessionId)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (found: boolean) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(found);
    };
    const subscription = connection.onDidChangeSessions.on(() => connection.sessions.get(sessionId) && done(true));
    const timer = setTimeout(() => done(false), WAIT_MS);
  });
}

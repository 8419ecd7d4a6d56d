import * as vscode from 'vscode';
import { showInformation } from '../host/notify';
import type { ServerConnection } from '../../client/serverConnection';
import type { ServerRegistry } from '../servers/serverRegistry';

/**
 * The server a command acts on: the tree row it was invoked on, the only server there is, or the
 * user's pick. `filter` narrows the candidates (e.g. only configured servers can be removed).
 */
export async function serverFor(
  registry: ServerRegistry,
  node: unknown,
  title: string,
  filter: (c: ServerConnection) => boolean = () => true,
): Promise<ServerConnection | undefined> {
  // Read structurally: a tree row (or anything else) that names one of our servers.
  const serverId = (node as { serverId?: unknown } | undefined)?.serverId;
  const fromNode = typeof serverId === 'string' ? registry.get(serverId) : undefined;
  if (fromNode) return fromNode;
  const candidates = registry.all.filter(filter);
  if (candidates.length <= 1) {
    if (!candidates.length) void showInformation(vscode.l10n.t('No OpenCode server to choose from.'));
    return candidates[0];
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((connection) => ({
      label: connection.label,
      description: connection.config.url,
      detail: connection.state.kind,
      connection,
    })),
    { title, placeHolder: vscode.l10n.t('Choose a server') },
  );
  return picked?.connection;
}

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ServerConnection } from '../../../src/client/serverConnection';
import type { ExtensionApi } from '../../../src/extension';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { isOpencode2 } from '../../harness/opencode2';
import { opencode2Passwords, type OpencodeServerOptions } from '../../harness/opencodeServer';
import type { ViewNode } from '../../../src/features';
import { waitFor } from '../../harness/waitFor';
import { rowLabelTitle } from '../../harness/expectedRow';

// The one wait helper (test/harness/waitFor.ts), re-exported where the extension-host tests import it.
export { waitFor };

export const EXTENSION_ID = 'opencode-sessions.opencode-sessions';

export async function extensionApi(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed in this VS Code`);
  return extension.isActive ? extension.exports : extension.activate();
}

/**
 * Points the extension at these servers through the real setting, as a user would. A harness OpenCode 2 server
 * (always behind a password) also gets its password through Set Password, as a user would.
 */
export async function configureServers(servers: Array<{ name?: string; url: string }>): Promise<void> {
  await vscode.workspace.getConfiguration('opencodeSessions').update('servers', servers, vscode.ConfigurationTarget.Global);
  for (const { url } of servers) {
    const password = opencode2Passwords.get(url);
    if (!password) continue;
    const api = await extensionApi();
    const connection = await waitFor(
      `${url} among the servers`,
      () => connectionFor(api, url),
      (c) => c !== undefined,
    );
    await vscode.commands.executeCommand('opencodeSessions.setPassword', { serverId: connection!.config.id }, password);
  }
}

export function connectionFor(api: ExtensionApi, url: string): ServerConnection | undefined {
  return api.connections().find((c) => c.config.url === url);
}

/**
 * The cost status bar item as VS Code holds it: its text ('' while hidden), what a screen reader names it, its
 * tooltip's Markdown and what a click runs.
 */
export function costItem(api: ExtensionApi): { text: string; accessibleName: string; tooltip: string; command?: vscode.Command } {
  const { text, accessibilityInformation, tooltip, command } = api.statusBar.item;
  return {
    text,
    accessibleName: accessibilityInformation?.label ?? '',
    tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
    command: typeof command === 'string' ? { command, title: command } : command,
  };
}

/** The server's row at the top of the tree (rows name their server by id). */
export function serverRowFor(api: ExtensionApi, url: string): ViewNode | undefined {
  const id = connectionFor(api, url)?.config.id;
  return api.tree.getChildren().find((n) => n.kind === 'server' && n.serverId === id);
}

/** The label's figures before its title, "$0.050 Σ$0.062", as the status bar reads them: "$0.050 · Σ $0.062". */
function moneyOf(lead: string): string {
  const [own, sigma] = lead.split(' ');
  return sigma ? `${own} · Σ ${sigma.slice(1)}` : own;
}

export interface ShownRow {
  label: string;
  description: string;
  /** A session row's title (its label after the money); any other row's label. */
  title: string;
  /** A session row's figures in reading order, "$0.050 · Σ $0.062 · 14.5k" (the label's money · description). */
  badge: string;
  /** A session row's money: the label before its title, "$0.050", and with sub-agents its Σ, "$0.050 · Σ $0.062". */
  money?: string;
  /** The title of the row it is nested under (undefined at the server's top level). */
  parent?: string;
  sessionId?: string;
  contextValue?: string;
  depth: number;
}

/**
 * Walks the tree the way VS Code does (getChildren + getTreeItem) and returns what each row shows: server rows at
 * depth 0. `everyPage`: a long list's "Show more" row is pressed until the list shows every session (the load test).
 */
/**
 * Every store change so far told to the views: the tree shows the stores a frame (50 ms) late, so a test that waited
 * for a connection's state waits for this too before it reads the tree.
 */
export async function framesTold(api: ExtensionApi): Promise<void> {
  await waitFor(
    'the sessions frame to be told to the views',
    () => api.active.frames.pending,
    (pending) => !pending,
  );
}

export async function shownTree(api: ExtensionApi, serverNode?: ViewNode, options: { everyPage?: boolean } = {}): Promise<ShownRow[]> {
  await framesTold(api);
  const rows: ShownRow[] = [];
  const childrenOf = (node: ViewNode | undefined) => {
    let children = api.tree.getChildren(node);
    for (let more = children.at(-1); options.everyPage && more?.kind === 'more'; more = children.at(-1)) {
      api.tree.showMore(more);
      children = api.tree.getChildren(node);
    }
    return children;
  };
  const walk = async (node: ViewNode | undefined, parent: string | undefined, depth: number) => {
    for (const child of childrenOf(node)) {
      const item = api.tree.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const description = String(item.description ?? '');
      const session = child.kind === 'session';
      const title = session ? rowLabelTitle(label) : label;
      const money = session ? moneyOf(label.slice(0, label.length - title.length).trimEnd()) : undefined;
      const badge = money === undefined ? description : `${money} · ${description}`;
      rows.push({
        label,
        description,
        title,
        badge,
        ...(money === undefined ? {} : { money }),
        parent,
        sessionId: child.kind === 'session' ? child.sessionId : undefined,
        contextValue: item.contextValue,
        depth,
      });
      await walk(child, title, depth + 1);
    }
  };
  if (serverNode) await walk(serverNode, undefined, 1);
  else await walk(undefined, undefined, 0);
  return rows;
}

/**
 * For a suite (call it inside `describe`): a real server with its scripted model, configured in the extension
 * under `name` as a user would, online before the first test; removed and stopped after the last.
 */
export function serverForSuite(
  name: string,
  options: Partial<OpencodeServerOptions> = {},
): { readonly h: RunningHarness; readonly api: ExtensionApi } {
  const suite = {} as { h: RunningHarness; api: ExtensionApi };
  before(async () => {
    suite.h = await startHarness(options);
    suite.api = await extensionApi();
    await configureServers([{ name, url: suite.h.server.url }]);
    await waitFor(
      'online',
      () => connectionFor(suite.api, suite.h.server.url),
      (c) => c?.state.kind === 'online',
    );
  });
  after(async () => {
    // OpenCode 2: every event a whole suite of the real server sent was read, none skipped as malformed.
    const connection = isOpencode2() && suite.api && suite.h ? connectionFor(suite.api, suite.h.server.url) : undefined;
    const malformed = connection?.malformed.summary();
    if (connection) console.log(`      ${name}: malformed: ${malformed || 'none'}`);
    await configureServers([]);
    await suite.h?.dispose();
    assert.equal(malformed || '', '', `${name}: events of the real OpenCode 2 server read as malformed`);
  });
  return suite;
}

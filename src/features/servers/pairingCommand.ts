// "Add OpenCode 2 Server by Pairing Code…": the user names a server and gives the short code it showed (`opencode
// pair`, its web UI); the code is redeemed once for a session token (client/v2/pairing.ts), which is stored as that
// server's password (SecretStorage, never settings or logs), and the server joins the user's list as Add Server adds
// it. Arguments (url, code, name) run it without asking, for scripts and tests; it resolves to what it showed.
import * as vscode from 'vscode';
import { showError, showInformation, showWarning, withProgress } from '../../app/host/notify';
import { passwordKey, type ServerRegistry } from '../../app/servers/serverRegistry';
import { inspectSetting, updateSetting } from '../../app/settings/settingAccess';
import { SETTING } from '../../app/settings/settingKeys';
import type { Logger } from '../../base/logger';
import {
  normalizeServerUrl,
  pairingCode,
  pairingLink,
  readPairingOffer,
  redeemPairingCode,
  type PairingResult,
} from '../../client/beforeConnection';
import { clearTextPasswordHost } from '../../app/servers/plainHttpRisk';
import { runCommand } from '../../app/commands/commandTable';

export const PAIR_COMMAND = 'opencodeSessions.addServerByPairingCode';

/** What the command did, in the words it showed. */
export interface PairingOutcome {
  outcome: 'paired' | 'refused' | 'notOffered' | 'failed' | 'cancelled';
  message?: string;
}

export function registerPairingCommand(registry: ServerRegistry, secrets: vscode.SecretStorage, log: Logger): vscode.Disposable {
  return vscode.commands.registerCommand(
    PAIR_COMMAND,
    async (givenUrl?: unknown, givenCode?: unknown, givenName?: unknown): Promise<PairingOutcome> => {
      const scripted = typeof givenUrl === 'string' && typeof givenCode === 'string';
      const where = await askWhere(givenUrl);
      if (!where) return { outcome: 'cancelled' };
      const { url } = where;
      // The code and then the token would travel in clear text: as Add Server warns before any password.
      const host = clearTextPasswordHost(url, 'any');
      if (host && (scripted || !(await acceptClearText(url, host)))) return { outcome: 'cancelled' };
      const title = vscode.l10n.t('Pairing with {0}…', url);
      const offer = await withProgress({ location: vscode.ProgressLocation.Notification, title }, () => readPairingOffer(url));
      if (offer.kind === 'notOffered') return notOffered(url, offer.why);
      if (offer.kind === 'unreachable') return failed(url, offer.reason);
      const code = scripted ? pairingCode(givenCode) : (where.code ?? (await askCode(url)));
      if (!code) return { outcome: 'cancelled' };
      const result = await withProgress({ location: vscode.ProgressLocation.Notification, title }, () => redeemPairingCode(url, code));
      if (result.kind !== 'paired') return answerFailure(url, result);
      // Stored before the server is added: its first connection reads it.
      await secrets.store(passwordKey(url), result.token);
      log.info(`${url}: paired by code; its session token is stored in secret storage.`);
      const label = await addToSettings(url, scripted ? (typeof givenName === 'string' ? givenName : '') : await askName());
      registry.get(url)?.reconnect();
      const message = vscode.l10n.t("Paired with {0}: added as {1}. Its session token is in VS Code's secret storage.", url, label);
      void showInformation(message);
      return { outcome: 'paired', message };
    },
  );
}

/** The server's URL, or a pairing link that carries its code too. */
async function askWhere(given: unknown): Promise<{ url: string; code?: string } | undefined> {
  if (typeof given === 'string') {
    const link = pairingLink(given);
    if (link) return link;
    const url = normalizeServerUrl(given);
    return url ? { url } : undefined;
  }
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add OpenCode 2 Server by Pairing Code'),
    prompt: vscode.l10n.t('The server’s URL, e.g. https://host:4096, or the pairing link it showed'),
    value: 'http://127.0.0.1:4096',
    ignoreFocusOut: true,
    validateInput: (value) =>
      pairingLink(value) || normalizeServerUrl(value)
        ? undefined
        : vscode.l10n.t('Enter an http:// or https:// URL without a user name or password.'),
  });
  if (input === undefined) return undefined;
  const link = pairingLink(input);
  if (link) return link;
  const url = normalizeServerUrl(input);
  return url ? { url } : undefined;
}

async function askCode(url: string): Promise<string | undefined> {
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add OpenCode 2 Server by Pairing Code'),
    prompt: vscode.l10n.t('The pairing code {0} showed (`opencode pair`, or its web UI). It works once, for a few minutes.', url),
    ignoreFocusOut: true,
    validateInput: (value) => (pairingCode(value) ? undefined : vscode.l10n.t('Enter the code: letters and digits, no spaces.')),
  });
  return input === undefined ? undefined : pairingCode(input);
}

async function askName(): Promise<string> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add OpenCode 2 Server by Pairing Code'),
    prompt: vscode.l10n.t('A name for it in the tree (optional)'),
    ignoreFocusOut: true,
  });
  // The code is spent by now: leaving the name box still adds the server, without a name.
  return name ?? '';
}

/** Adds the server to the user's list (unless it is there) and gives the label it shows under. */
async function addToSettings(url: string, name: string): Promise<string> {
  // The user's own list: a workspace's is never read (settingKeys.ts USER_ONLY).
  const current = inspectSetting<unknown[]>(SETTING.servers)?.globalValue ?? [];
  const listed = current.some((entry) => {
    const listedUrl = typeof entry === 'string' ? entry : (entry as { url?: unknown } | null)?.url;
    return typeof listedUrl === 'string' && normalizeServerUrl(listedUrl) === url;
  });
  const trimmed = name.trim();
  if (!listed) await updateSetting(SETTING.servers, [...current, trimmed ? { name: trimmed, url } : { url }]);
  return trimmed || url;
}

function answerFailure(url: string, result: Exclude<PairingResult, { kind: 'paired' }>): PairingOutcome {
  if (result.kind === 'notOffered') return notOffered(url, result.why);
  if (result.kind === 'failed') return failed(url, result.reason);
  const again = vscode.l10n.t('Enter a New Code');
  const message = vscode.l10n.t(
    '{0} refused the pairing code: it expired or was already used. Ask the server for a new one (`opencode pair`, or its web UI) and enter it.',
    url,
  );
  void showError(message, again).then((choice) => {
    if (choice === again) void runCommand(PAIR_COMMAND, url);
  });
  return { outcome: 'refused', message };
}

function notOffered(url: string, why: string): PairingOutcome {
  const add = vscode.l10n.t('Add Server with Password');
  const message = vscode.l10n.t('{0} does not offer pairing: {1}. Add it with its password instead.', url, why);
  void showWarning(message, add).then((choice) => {
    if (choice === add) void runCommand('opencodeSessions.addServer', url);
  });
  return { outcome: 'notOffered', message };
}

function failed(url: string, reason: string): PairingOutcome {
  const again = vscode.l10n.t('Try Again');
  const message = vscode.l10n.t('Could not pair with {0}: {1}.', url, reason);
  void showError(message, again).then((choice) => {
    if (choice === again) void runCommand(PAIR_COMMAND, url);
  });
  return { outcome: 'failed', message };
}

async function acceptClearText(url: string, host: string): Promise<boolean> {
  const pair = vscode.l10n.t('Pair Anyway');
  const answer = await showWarning(
    vscode.l10n.t(
      '{0} is plain http to another machine: the pairing code and the session token it gives would go to {1} readable on the network.',
      url,
      host,
    ),
    { modal: true, detail: vscode.l10n.t('Use an https:// URL (a TLS proxy in front of OpenCode) or an SSH tunnel to 127.0.0.1.') },
    pair,
  );
  return answer === pair;
}

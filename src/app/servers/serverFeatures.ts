// What a server offers, in the words every view uses: the disabled action's message ("OpenCode 2.3.2 on this
// server does not offer renaming sessions"), the server's tooltip and Show Server Details. Sharing is offered on no
// server: OpenCode's hosted share service stores nothing now and answers 410 for every share page, also for 1.x
// servers older than 1.19.1 that still call it (../shared/reference/opencode-server.md "Forks and share").
import * as vscode from 'vscode';
import type { ServerFeature } from '../../client/serverApi';
import type { ServerConnection } from '../../client/serverConnection';

/** Each feature as a user names it. */
export function featureName(feature: ServerFeature): string {
  switch (feature) {
    case 'selectInTui':
      return vscode.l10n.t('selecting a session in an attached TUI');
    case 'rename':
      return vscode.l10n.t('renaming sessions');
    case 'delete':
      return vscode.l10n.t('deleting sessions');
    case 'fork':
      return vscode.l10n.t('forking sessions');
    case 'changes':
      return vscode.l10n.t('the changes of a session');
    case 'revert':
      return vscode.l10n.t('reverting a session to before a turn');
    case 'unrevert':
      return vscode.l10n.t('undoing a revert');
    case 'abort':
      return vscode.l10n.t('aborting a running session');
    case 'compact':
      return vscode.l10n.t('compacting sessions');
    case 'permissions':
      return vscode.l10n.t('answering permission requests');
    case 'questions':
      return vscode.l10n.t('questions (OpenCode 1.x’s question tool)');
    case 'forms':
      return vscode.l10n.t('forms (OpenCode 2’s question tool)');
    case 'queuedInput':
      return vscode.l10n.t('listing queued prompts');
    case 'markViewed':
      return vscode.l10n.t('marking a session as viewed');
  }
}

/** The server as its version names it: "OpenCode 2.3.2", or just "OpenCode" before it said. */
export function serverProduct(connection: ServerConnection): string {
  return connection.version ? vscode.l10n.t('OpenCode {0}', connection.version) : 'OpenCode';
}

/** Said when an action the server does not offer is asked for anyway (from the palette, a key, a script). */
export function notOfferedMessage(connection: ServerConnection, feature: ServerFeature): string {
  return vscode.l10n.t('{0} on this server does not offer {1}.', serverProduct(connection), featureName(feature));
}

/** Features with a menu action (each command's `enablement` in package.json names its `no-<feature>` word). */
const MENU_FEATURES = new Set<ServerFeature>([
  'rename',
  'delete',
  'fork',
  'changes',
  'revert',
  'unrevert',
  'abort',
  'compact',
  'permissions',
]);

/**
 * Context-value words for the menu actions a row's server does not offer (`no-rename`…): its context menu shows
 * those actions disabled rather than pretending they work.
 */
export function missingFeatureWords(connection: ServerConnection): string[] {
  return connection.api
    .contract()
    .features.filter((f) => !f.offered && MENU_FEATURES.has(f.feature))
    .map((f) => `no-${f.feature}`);
}

/** How the server's offers are known, in words. */
export function contractSource(connection: ServerConnection): string {
  switch (connection.api.contract().source) {
    case 'document':
      return vscode.l10n.t('its own API document (GET /openapi.json)');
    case 'probing':
      return vscode.l10n.t('trying its routes (it publishes no API document)');
    case 'sdk':
      return vscode.l10n.t('OpenCode 1.x’s API');
  }
}

/**
 * What an OpenCode 2 server offers and does not, for its tooltip: from its document, both; found by trying, only what
 * it was found to lack. Nothing for 1.x, whose API has not changed under the extension.
 */
export function offerLines(connection: ServerConnection): string[] {
  const { source, features } = connection.api.contract();
  if (source === 'sdk') return [];
  const names = (offered: boolean) =>
    features
      .filter((f) => f.offered === offered)
      .map((f) => featureName(f.feature))
      .join(', ');
  const missing = names(false);
  if (source === 'probing')
    return missing ? [vscode.l10n.t('Does not offer (found by trying; it publishes no API document): {0}.', missing)] : [];
  return [
    vscode.l10n.t('Offers (its API document): {0}.', names(true)),
    ...(missing ? [vscode.l10n.t('Does not offer: {0}.', missing)] : []),
  ];
}

/** Show Server Details: every fact of the server, one a line, plain text. */
export function serverDetails(connection: ServerConnection): string[] {
  const { features } = connection.api.contract();
  const found = connection.config.found;
  return [
    vscode.l10n.t('Address: {0}', connection.config.url),
    vscode.l10n.t('Version: {0}', connection.version ?? vscode.l10n.t('not known yet')),
    vscode.l10n.t(
      'API: {0}',
      connection.generation === 'v2' ? vscode.l10n.t('OpenCode’s V2 API (/api/*)') : vscode.l10n.t('OpenCode’s V1 API'),
    ),
    vscode.l10n.t(
      'Found: {0}',
      found
        ? found.by === 'service'
          ? found.where
          : vscode.l10n.t('answers on {0}', found.where)
        : connection.config.origin === 'embedded'
          ? vscode.l10n.t('started by this extension')
          : vscode.l10n.t('your settings'),
    ),
    vscode.l10n.t('What it offers is known from {0}.', contractSource(connection)),
    '',
    ...features.map((f) =>
      f.offered
        ? vscode.l10n.t('✓ {0}{1}', featureName(f.feature), f.route ? ` — ${f.route}` : '')
        : vscode.l10n.t('✗ {0} — not offered by this server', featureName(f.feature)),
    ),
    sharingGone(),
  ];
}

/** Said in Show Server Details of every server, whatever its version: no Share is offered, and none is asked for. */
function sharingGone(): string {
  return vscode.l10n.t(
    '✗ sharing sessions — not offered on any server: OpenCode’s share service is discontinued and answers 410 Gone for every share link (older 1.x servers still make them), so this extension never asks a server to share.',
  );
}

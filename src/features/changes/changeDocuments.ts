// Read-only documents with the texts before and after a change, served from the diff the server returned:
// nothing here reads the disk, so remote servers and cluster Agents work alike and a hostile file name
// (`..`, `command:`, HTML) can only ever name a document of this scheme.
import * as vscode from 'vscode';
import { Emitter } from '../../base/emitter';
import { Disposable } from '../../base/disposable';
import type { ServerConnection } from '../../client/serverConnection';
import { changesVersion, type SessionChanges } from './sessionChanges';
import type { ServerRegistry } from '../../app/servers/serverRegistry';
import { composeSides, type ChangedFile, type TurnRef } from './fileChanges';
import type { FileChange } from '../../store/turns';
import type { SessionRef } from '../../store/sessionRef';
import { changeSet, turnChanges } from './changeSet';
import { fileInSet } from './changeRowIndex';
import { safePath } from './changeText';

export const CHANGE_SCHEME = 'opencode-change';
/** Larger texts are cut here until the user asks for everything. */
export const SHOWN_CHARS = 1_000_000;

export type Side = 'before' | 'after';

export interface ChangeRef extends SessionRef {
  path: string;
  side: Side;
  /** Only these turns (Show Changes of This Turn); else the session's whole change. */
  turns?: string[];
  full: boolean;
}

/** The document for one side of a file's change; its path (for the language and the tab) is made safe. */
export function changeUri(
  connection: ServerConnection,
  sessionId: string,
  path: string,
  side: Side,
  options: { full?: boolean; turns?: readonly string[] } = {},
): vscode.Uri {
  // The session's version makes a later change a new document: VS Code keeps a document's text by its URI.
  const record = connection.sessions.get(sessionId);
  const query = new URLSearchParams({
    server: connection.config.id,
    session: sessionId,
    file: path,
    side,
    v: record ? changesVersion(record) : '',
  });
  if (options.turns?.length) query.set('turns', options.turns.join(','));
  if (options.full) query.set('full', '1');
  return vscode.Uri.from({ scheme: CHANGE_SCHEME, path: `/${safePath(path)}`, query: query.toString() });
}

export function parseChangeUri(uri: vscode.Uri): ChangeRef | undefined {
  if (uri.scheme !== CHANGE_SCHEME) return undefined;
  const q = new URLSearchParams(uri.query);
  const serverId = q.get('server');
  const sessionId = q.get('session');
  const path = q.get('file');
  if (!serverId || !sessionId || path === null) return undefined;
  return {
    serverId,
    sessionId,
    path,
    side: q.get('side') === 'before' ? 'before' : 'after',
    turns: q.get('turns')?.split(',').filter(Boolean),
    full: q.get('full') === '1',
  };
}

/** The file as the session's Changes list it (own, else with sub-agents), or undefined once it is gone. */
export function findChangedFile(
  changes: SessionChanges<ServerConnection>,
  connection: ServerConnection,
  sessionId: string,
  path: string,
  turns?: readonly string[],
): ChangedFile | undefined {
  if (turns?.length) return turnChanges(changes, connection, sessionId, new Set(turns))?.find((f) => f.path === path);
  for (const withSubagents of [false, true]) {
    const set = changeSet(changes, connection, sessionId, withSubagents);
    const file = set && fileInSet(set, path)?.file;
    if (file) return file;
  }
  return undefined;
}

export class ChangeDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changed = this._register(new Emitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  /** Documents served, by session: when its turns arrive (or change), they are asked for again. */
  private readonly served = new Map<string, Set<string>>();

  constructor(
    private readonly registry: ServerRegistry,
    private readonly changes: SessionChanges<ServerConnection>,
  ) {
    super();
    this._register(
      changes.onDidLoad(({ source, sessionId }) => {
        for (const uri of this.served.get(`${source.config.id}\u0000${sessionId}`) ?? []) this.changed.fire(vscode.Uri.parse(uri));
      }),
    );
    this._register(
      // A closed document is not asked for again: forget it, so `served` holds only open documents.
      vscode.workspace.onDidCloseTextDocument(({ uri }) => {
        const ref = uri.scheme === CHANGE_SCHEME ? parseChangeUri(uri) : undefined;
        const key = ref && `${ref.serverId}\u0000${ref.sessionId}`;
        const uris = key ? this.served.get(key) : undefined;
        if (!key || !uris) return;
        uris.delete(uri.toString());
        if (!uris.size) this.served.delete(key);
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseChangeUri(uri);
    if (!ref) return `(${vscode.l10n.t('Not a change this extension knows.')})\n`;
    const key = `${ref.serverId}\u0000${ref.sessionId}`;
    let uris = this.served.get(key);
    if (!uris) this.served.set(key, (uris = new Set()));
    uris.add(uri.toString());
    const connection = this.registry.all.find((c) => c.config.id === ref.serverId);
    const record = connection?.sessions.get(ref.sessionId);
    if (connection && record && !changeSet(this.changes, connection, ref.sessionId, false))
      return `(${vscode.l10n.t('Reading the session’s changes…')})\n`;
    const file = connection && findChangedFile(this.changes, connection, ref.sessionId, ref.path, ref.turns);
    if (!file) return `(${vscode.l10n.t('This change is no longer available: the session, its server or the change is gone.')})\n`;
    if (file.binary) return `(${vscode.l10n.t('A binary file: listed, not diffed.')})\n`;
    // The rows keep no patches: the texts come from the server again, now that a diff is open.
    let sides;
    try {
      sides = await this.sidesOf(connection, file);
    } catch (err) {
      return `(${vscode.l10n.t('Could not read this change from the server: {0}. Reopen the diff to try again.', err instanceof Error ? err.message : String(err))})\n`;
    }
    if (!sides) return `(${vscode.l10n.t('This change is no longer available: the session, its server or the change is gone.')})\n`;
    const text = ref.side === 'before' ? sides.before : sides.after;
    if (ref.full || text.length <= SHOWN_CHARS) return text;
    return `${text.slice(0, SHOWN_CHARS)}\n… ${vscode.l10n.t('{0} more characters: “Show Entire Change” in this editor’s title bar shows everything.', text.length - SHOWN_CHARS)}\n`;
  }

  private async sidesOf(connection: ServerConnection, file: ChangedFile) {
    const change = async (turn: TurnRef): Promise<FileChange | undefined> => {
      const record = connection.sessions.get(turn.sessionID);
      const turns = record && (await this.changes.patchesOf(connection, record));
      return turns?.find((t) => t.messageID === turn.messageID)?.files.find((f) => f.path === file.path);
    };
    const first = await change(file.sidesFrom.first);
    const last = file.sidesFrom.last.messageID === file.sidesFrom.first.messageID ? first : await change(file.sidesFrom.last);
    return first && last ? composeSides(first, last) : undefined;
  }
}

export function registerChangeDocuments(registry: ServerRegistry, changes: SessionChanges<ServerConnection>): vscode.Disposable {
  const documents = new ChangeDocuments(registry, changes);
  return vscode.Disposable.from(documents, vscode.workspace.registerTextDocumentContentProvider(CHANGE_SCHEME, documents));
}

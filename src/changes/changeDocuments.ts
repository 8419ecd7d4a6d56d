// Read-only documents with the texts before and after a change, served from the diff the server returned:
// nothing here reads the disk, so remote servers and cluster Agents work alike and a hostile file name
// (`..`, `command:`, HTML) can only ever name a document of this scheme.
import * as vscode from 'vscode';
import type { ServerConnection } from '../client/serverConnection';
import { changesVersion, type SessionChanges } from '../client/sessionChanges';
import type { ServerRegistry } from '../servers/serverRegistry';
import type { ChangedFile } from '../store/fileChanges';
import { changeSet } from './changeSet';
import { safePath } from '../present/changeText';

export const CHANGE_SCHEME = 'opencode-change';
/** Larger texts are cut here until the user asks for everything. */
export const SHOWN_CHARS = 1_000_000;

export type Side = 'before' | 'after';

/** The document for one side of a file's change; its path (for the language and the tab) is made safe. */
export function changeUri(connection: ServerConnection, sessionId: string, path: string, side: Side, full = false): vscode.Uri {
  // The session's version makes a later change a new document: VS Code keeps a document's text by its URI.
  const record = connection.sessions.get(sessionId);
  const version = record ? changesVersion(record) : '';
  const query = new URLSearchParams({ server: connection.config.id, session: sessionId, file: path, side, v: version, ...(full ? { full: '1' } : {}) });
  return vscode.Uri.from({ scheme: CHANGE_SCHEME, path: `/${side}/${safePath(path)}`, query: query.toString() });
}

/** The file as the session's Changes list it (own, else with sub-agents), or undefined once it is gone. */
export function findChangedFile(changes: SessionChanges<ServerConnection>, connection: ServerConnection, sessionId: string, path: string): ChangedFile | undefined {
  for (const withSubagents of [false, true]) {
    const file = changeSet(changes, connection, sessionId, withSubagents)?.files.find((f) => f.path === path);
    if (file) return file;
  }
  return undefined;
}

export class ChangeDocuments implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly registry: ServerRegistry,
    private readonly changes: SessionChanges<ServerConnection>,
  ) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const query = new URLSearchParams(uri.query);
    const connection = this.registry.all.find((c) => c.config.id === query.get('server'));
    const file = connection && findChangedFile(this.changes, connection, query.get('session') ?? '', query.get('file') ?? '');
    if (!file) return '(This change is no longer available: the session, its server or the change is gone.)\n';
    if (!file.sides) return '(A binary file: listed, not diffed.)\n';
    const text = query.get('side') === 'before' ? file.sides.before : file.sides.after;
    if (query.get('full') === '1' || text.length <= SHOWN_CHARS) return text;
    return `${text.slice(0, SHOWN_CHARS)}\n… ${text.length - SHOWN_CHARS} more characters: run “OpenCode: Show Entire Change” to see everything.\n`;
  }
}

export function registerChangeDocuments(registry: ServerRegistry, changes: SessionChanges<ServerConnection>): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(CHANGE_SCHEME, new ChangeDocuments(registry, changes));
}

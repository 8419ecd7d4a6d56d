// A transcript's URI (`opencode-transcript:`): which session it shows, and the link from one transcript to another.
import * as vscode from 'vscode';
import { transcriptLink } from '../../app/sessions/transcriptLink';
import type { SessionRef } from '../../store/sessionRef';
import { transcriptFileName } from './transcriptName';

export const TRANSCRIPT_SCHEME = 'opencode-transcript';

/** The session a transcript shows. */
export type TranscriptTarget = SessionRef;

/** A session id that can name a folder of the URI's path (OpenCode's are): a link between transcripts is then relative. */
const PATH_ID = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * `opencode-transcript:/<session id>/<file name>?server=<id>`. The session is in the path so that a sub-agent's link
 * can be relative (`../<child id>/<file name>`): the Markdown preview opens a relative link itself, in the preview, in
 * every VS Code (a link of another scheme is followed only where the host allows it, not in VS Code in the browser).
 * An id that cannot be a folder's name stays in the query.
 */
export function transcriptUri(target: TranscriptTarget, title = 'transcript'): vscode.Uri {
  const file = transcriptFileName(title);
  if (PATH_ID.test(target.sessionId))
    return vscode.Uri.from({ scheme: TRANSCRIPT_SCHEME, path: `/${target.sessionId}/${file}`, query: serverQuery(target) });
  const query = new URLSearchParams({ server: target.serverId, session: target.sessionId }).toString();
  return vscode.Uri.from({ scheme: TRANSCRIPT_SCHEME, path: `/${file}`, query });
}

const serverQuery = (target: TranscriptTarget) => new URLSearchParams({ server: target.serverId }).toString();

/** The session of a transcript URI: its path's folder first (a relative link keeps the query of where it was followed). */
export function targetOf(uri: vscode.Uri): TranscriptTarget | undefined {
  const query = new URLSearchParams(uri.query);
  const serverId = query.get('server');
  const folders = uri.path.split('/');
  const inPath = folders.length === 3 && PATH_ID.test(folders[1]) ? folders[1] : undefined;
  const sessionId = inPath ?? query.get('session');
  return serverId && sessionId ? { serverId, sessionId } : undefined;
}

/**
 * The Markdown link from a transcript to another of the same server: relative where the target's id can be a folder
 * (the preview opens it in place, whatever the shape of the transcript it is followed from: targetOf reads the
 * path first), else through this extension's URI handler (transcriptLink.ts).
 */
export function linkBetween(extensionId: string, to: TranscriptTarget, title: string): string {
  if (PATH_ID.test(to.sessionId)) return `../${to.sessionId}/${encodeURIComponent(transcriptFileName(title))}`;
  return transcriptLink(extensionId, to);
}

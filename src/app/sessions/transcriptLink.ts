// A link that opens a transcript through this extension's URI handler (index.ts): `<app scheme>://<extension id>/
// transcript?server&session[&part]`. A link in the Markdown preview is followed by VS Code's opener, which hands the
// app's own scheme to that handler — so a sub-agent's link opens its transcript rendered, as Open Transcript does,
// where a link to the `opencode-transcript:` document would open its source. The same link works copied elsewhere.
import * as vscode from 'vscode';
import type { SessionRef } from '../../store/sessionRef';

export function transcriptLink(extensionId: string, at: SessionRef & { partId?: string }): string {
  const query = new URLSearchParams({ server: at.serverId, session: at.sessionId });
  if (at.partId !== undefined) query.set('part', at.partId);
  return `${vscode.env.uriScheme}://${extensionId}/transcript?${query.toString()}`;
}

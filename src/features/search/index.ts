// Search: every session's contents on every server, indexed in the background and kept fresh from the live
// stream (Search Session Contents). A result opens the session's transcript through the Open Transcript command
// (the transcripts feature), at the part it matched: rendered, or its source (the result's button).
import * as vscode from 'vscode';
import type { App } from '../../app';
import { sessionRef } from '../../app/sessions/sessionRef';
import { transcriptLink } from '../../app/sessions/transcriptLink';
import { matchedOf } from './common/entries';
import { IndexProgress } from './indexProgress';
import { SearchPick, showSearchPick } from './searchPick';
import { SearchService, type ServerHit } from './searchService';
import { runCommand } from '../../app/commands/commandTable';

export function registerSearch(app: App): { search: SearchService; searchPick: SearchPick } {
  const search = new SearchService(app);
  const progress = new IndexProgress(search);
  const searchPick = new SearchPick();
  const extensionId = app.extension.extension.id;
  const link = (hit: ServerHit) =>
    transcriptLink(extensionId, { serverId: hit.connection.config.id, sessionId: hit.session.id, partId: hit.entry.part });
  app.extension.subscriptions.push(
    search,
    progress,
    vscode.commands.registerCommand('opencodeSessions.searchContents', (text?: unknown) =>
      showSearchPick(
        app,
        search,
        searchPick,
        {
          open: async (hit, words, view) =>
            await runCommand(
              'opencodeSessions.openTranscript',
              sessionRef(hit.connection, hit.session.id),
              hit.entry.part,
              { ...matchedOf(hit.entry), words },
              view,
            ),
          openSession: async ({ connection, sessionId }) =>
            await runCommand('opencodeSessions.openTranscript', sessionRef(connection, sessionId)),
          link,
        },
        typeof text === 'string' ? text : '',
      ),
    ),
    vscode.commands.registerCommand('opencodeSessions.pauseIndexing', () => search.pause()),
    vscode.commands.registerCommand('opencodeSessions.resumeIndexing', () => search.resume()),
  );
  return { search, searchPick };
}

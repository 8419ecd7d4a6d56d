import * as vscode from 'vscode';
import { changeSet, type ServerChanges } from './changeSet';
import { includeSubagentChanges } from './changeSettings';
import { openChangeList } from './openChangeList';
import { oneLine } from '../../present/requestText';
import { sessionTitle } from '../../present/sessionTitle';
import type { SessionTargets } from '../../app/commands/sessionTarget';
import { registerSessionCommand } from '../../app/commands/registerSessionCommand';

/** Every file the session changed, in the multi-file diff editor. */
export function registerOpenAllChanges(targets: SessionTargets, changes: ServerChanges): vscode.Disposable {
  return registerSessionCommand(targets, {
    id: 'opencodeSessions.openAllChanges',
    title: vscode.l10n.t('Open All Changes of a Session'),
    online: false,
    async run({ connection, record }) {
      const set = changeSet(changes, connection, record.info.id, includeSubagentChanges());
      if (!set) {
        vscode.window.setStatusBarMessage(`$(sync~spin) ${vscode.l10n.t('Reading the session’s changes… try again in a moment.')}`, 4000);
        return false;
      }
      return openChangeList(connection, record.info.id, set.files, vscode.l10n.t('Changes of {0}', oneLine(sessionTitle(record.info))));
    },
  });
}

// The commands on what sessions changed: open a diff or the file, every diff of a session, one turn's changes,
// revert a turn and undo it, and the sub-agents toggle.
import * as vscode from 'vscode';
import type { SessionTargets } from '../../app/commands/sessionTarget';
import type { ServerChanges } from './changeSet';
import { registerSubagentChanges } from './changeSettings';
import { registerOpenAllChanges } from './openAllChanges';
import { registerOpenChange, registerOpenChangedFile } from './openChange';
import { registerRevertTurn, registerUnrevertSession } from './revert';
import { registerShowTurnChanges } from './showTurnChanges';

export function registerChangeCommands(targets: SessionTargets, changes: ServerChanges): vscode.Disposable {
  return vscode.Disposable.from(
    registerOpenChange(targets.registry, changes),
    registerOpenChangedFile(targets.registry),
    registerOpenAllChanges(targets, changes),
    registerShowTurnChanges(targets, changes),
    registerRevertTurn(targets, changes),
    registerUnrevertSession(targets, changes),
    registerSubagentChanges(),
  );
}

// The commands on sessions and on what the view shows.
import * as vscode from 'vscode';
import type { SessionTargets } from '../../../app/commands/sessionTarget';
import type { Logger } from '../../../client/logger';
import { registerCompactSession } from './compactSession';
import type { ChangesOf } from './compactionWaiter';
import { registerSessionEdits } from './editSession';
import { registerSessionActions } from './sessionActions';
import { registerSwitchSession } from './switchSession';
import { registerViewOptions, type Tree } from './viewOptions';

export function registerSessionCommands(targets: SessionTargets, tree: Tree, log: Logger, changesOf: ChangesOf): vscode.Disposable {
  return vscode.Disposable.from(
    registerViewOptions(tree),
    registerSwitchSession(targets, log),
    registerCompactSession(targets, changesOf),
    registerSessionActions(targets),
    registerSessionEdits(targets),
  );
}

// The commands on sessions and on what the view shows.
import * as vscode from 'vscode';
import type { SessionTargets } from '../../../app/commands/sessionTarget';
import type { Logger } from '../../../base/logger';
import { registerCompactSession } from './compactSession';
import type { ChangesOf } from './compactionWaiter';
import { registerSessionEdits } from './editSession';
import { registerSessionActions } from './sessionActions';
import { registerSwitchSession, type SwitchPick } from './switchSession';
import { registerViewOptions, type Tree } from './viewOptions';

export { SwitchPick } from './switchSession';

export function registerSessionCommands(
  targets: SessionTargets,
  tree: Tree,
  log: Logger,
  changesOf: ChangesOf,
  switchPick: SwitchPick,
): vscode.Disposable {
  return vscode.Disposable.from(
    registerViewOptions(tree),
    registerSwitchSession(targets, log, switchPick),
    registerCompactSession(targets, changesOf),
    registerSessionActions(targets),
    registerSessionEdits(targets),
  );
}

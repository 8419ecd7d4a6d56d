// The commands this extension runs of its own, each id with the arguments it is run with: one table, so that a
// feature running another's command and the command agree when compiled (VS Code's command service types nothing).
// A command still checks what it is handed: menus, links, scripts and other extensions call it too.
import * as vscode from 'vscode';
import type { BudgetName } from '../../store/budget';
import type { SessionRef } from '../../store/sessionRef';

/** A pending request's address (features/inbox/requestTarget.ts makes it). */
export interface RequestRef extends SessionRef {
  kind: 'request';
  requestId: string;
}

/** What a search hit says of the part it matched: the search feature hands it to Open Transcript. */
export interface MatchedPart {
  /** The part's id. */
  part: string;
  kind: 'prompt' | 'reply' | 'tool';
  /** The tool's name, for a tool. */
  tool?: string;
  /** The part's text as the index holds it (bounded there). */
  text: string;
  /** When its message was created. */
  at?: number;
  /** The query's words (lower-case): the first met in the part is selected, whole (a word's beginning was typed). */
  words?: readonly string[];
}

export interface CommandArgs {
  'opencodeSessions.switchSession': [session: SessionRef];
  'opencodeSessions.openTranscript': [session: SessionRef, part?: string, match?: MatchedPart, view?: 'rendered' | 'source'];
  'opencodeSessions.openSessionInTerminal': [session: SessionRef];
  'opencodeSessions.compactSession': [session: SessionRef];
  'opencodeSessions.showTurnChanges': [session: SessionRef, turn: { stepMessageID: string }];
  'opencodeSessions.raiseBudget': [budget?: BudgetName];
  'opencodeSessions.raiseBudgetAndResume': [budget: BudgetName];
  'opencodeSessions.resumeWithoutRaising': [session: SessionRef];
  'opencodeSessions.allowOnce': [request: RequestRef];
  'opencodeSessions.allowAlways': [request: RequestRef];
  'opencodeSessions.rejectRequest': [request: RequestRef];
  'opencodeSessions.answerQuestion': [request: RequestRef];
  'opencodeSessions.respondToRequest': [request: RequestRef];
  'opencodeSessions.showPendingRequests': [];
  'opencodeSessions.setPassword': [server: unknown];
  'opencodeSessions.addServer': [url?: string];
  'opencodeSessions.addServerByPairingCode': [url?: string];
  'opencodeSessions.showLog': [];
  'opencodeSessions.chooseKubeconfig': [];
}

export type CommandId = keyof CommandArgs;

/** Runs one of this extension's commands with the arguments the table names for it. */
export function runCommand<K extends CommandId>(id: K, ...args: CommandArgs[K]): Thenable<unknown> {
  return vscode.commands.executeCommand(id, ...args);
}

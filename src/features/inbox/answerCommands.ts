// The commands that answer what waits: allow, reject or dismiss, answer a question, or ask how to respond.
import * as vscode from 'vscode';
import { registerAnswerQuestion } from './answerQuestion';
import { registerPermissionReplies } from './permissionReply';
import { registerRejectRequest } from './rejectRequest';
import type { FormInputs } from './formInputs';
import type { RequestTargets } from './requestTarget';
import { registerRespondToRequest } from './respondToRequest';

export function registerAnswerCommands(targets: RequestTargets, inputs: FormInputs): vscode.Disposable {
  return vscode.Disposable.from(
    registerPermissionReplies(targets),
    registerRejectRequest(targets),
    registerAnswerQuestion(targets, inputs),
    registerRespondToRequest(targets),
  );
}

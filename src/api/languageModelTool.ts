// `opencode_session_status` for chat agents inside VS Code: the same answer as the OpenCode plugin tool and
// getAPI(1), for a session they name or the active one.
import * as vscode from 'vscode';
import type { ActiveSession } from '../activeSession';
import { sessionStatusOf, type StatusSources } from './sessionStatusOf';

export const STATUS_TOOL = 'opencode_session_status';

interface StatusToolInput {
  sessionId?: string;
}

export function registerStatusTool(sources: StatusSources, active: ActiveSession): vscode.Disposable {
  return vscode.lm.registerTool<StatusToolInput>(STATUS_TOOL, {
    prepareInvocation: () => ({ invocationMessage: vscode.l10n.t('Reading the OpenCode session status') }),
    async invoke(options) {
      const sessionId = typeof options.input?.sessionId === 'string' && options.input.sessionId ? options.input.sessionId : active.get()?.record.info.id;
      const status = sessionId ? await sessionStatusOf(sources, sessionId) : undefined;
      const answer = status ?? { error: sessionId ? `No OpenCode server that VS Code shows lists session ${sessionId}.` : 'There is no OpenCode session yet.' };
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify(answer, null, 2))]);
    },
  });
}

// `opencode_session_status` for chat agents inside VS Code: the same answer as the OpenCode plugin tool and
// getAPI(1), for a session they name or the active one, about it alone or its whole task tree.
import * as vscode from 'vscode';
import type { ActiveSession } from '../app/sessions/activeSession';
import { statusScope } from '../store/sessionStatus';
import { sessionStatusOf, type StatusSources } from './sessionStatusOf';

export const STATUS_TOOL = 'opencode_session_status';

interface StatusToolInput {
  sessionId?: string;
  scope?: string;
}

export function registerStatusTool(sources: StatusSources, active: ActiveSession): vscode.Disposable {
  return vscode.lm.registerTool<StatusToolInput>(STATUS_TOOL, {
    prepareInvocation: () => ({ invocationMessage: vscode.l10n.t('Reading the OpenCode session status') }),
    async invoke(options) {
      const answer = await statusAnswer(sources, active, options.input ?? {});
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify(answer, null, 2))]);
    },
  });
}

async function statusAnswer(sources: StatusSources, active: ActiveSession, input: StatusToolInput): Promise<object> {
  const scope = statusScope(input.scope);
  if (!scope) return { error: `scope is "session" or "root", not ${JSON.stringify(input.scope)}.` };
  const sessionId = typeof input.sessionId === 'string' && input.sessionId ? input.sessionId : active.get()?.record.info.id;
  if (!sessionId) return { error: 'There is no OpenCode session yet.' };
  return (
    (await sessionStatusOf(sources, sessionId, { scope })) ?? { error: `No OpenCode server that VS Code shows lists session ${sessionId}.` }
  );
}

// The extension's public API (`getAPI(1)`, typed in opencodeSessions.d.ts): sessions and their status for
// other extensions, from the same state the views show.
import * as vscode from 'vscode';
import { Emitter } from '../base/emitter';
import { statusScope } from '../store/sessionStatus';
import type { OpencodeSessionsApi, OpencodeSessionsExtension } from './opencodeSessions';
import { sessionList } from './sessionList';
import { sessionStatusOf, type StatusSources } from './sessionStatusOf';
import type { SessionsModel } from '../app/sessions/sessionsModel';
import type { AttentionModel } from '../app/sessions/attention';

export function createPublicApi(
  sources: StatusSources,
  model: SessionsModel,
  attention?: Pick<AttentionModel, 'of' | 'counts'>,
): OpencodeSessionsExtension & vscode.Disposable {
  const { registry } = sources;
  const changed = new Emitter<{ sessionId: string; serverId: string }>();
  // Once per session per frame of the sessions model, however many events it took.
  const subscription = model.onDidChange(({ sessions }) => {
    for (const [c, change] of sessions) for (const sessionId of change.changed) changed.fire({ sessionId, serverId: c.config.id });
  });
  // A pause began or ended: the session's status says it.
  const pausesMoved = sources.pauses?.onDidChange(({ sessions }) => {
    for (const { serverId, sessionId } of sessions) changed.fire({ sessionId, serverId });
  });
  const v1: OpencodeSessionsApi = {
    listSessions: () =>
      sessionList(registry.all, {
        attention: attention && ((c, id) => attention.of(c, id)),
        pauseOf: sources.pauses && ((serverId, sessionId) => sources.pauses?.of(serverId, sessionId)),
      }),
    getAttention: () => attention?.counts() ?? { waiting: 0, unread: 0 },
    getSessionStatus: async (sessionId, options) => {
      const scope = statusScope(options?.scope);
      if (!scope) throw new Error(`getSessionStatus: scope is 'session' or 'root', not ${JSON.stringify(options?.scope)}.`);
      return sessionStatusOf(sources, sessionId, { scope });
    },
    onDidChangeSessionStatus: changed.event,
  };
  return {
    getAPI(version: number) {
      if (version !== 1) throw new Error(`OpenCode Sessions offers API version 1, not ${version}.`);
      return v1;
    },
    dispose() {
      subscription.dispose();
      pausesMoved?.dispose();
      changed.dispose();
    },
  };
}

// The V1 client OpenCode hands a plugin, over a harness server's real SDK client: what the session_status plugin
// computes its answer from (src/plugin/statusFromServer.ts).
import type { PluginClient } from '../../../src/plugin/statusFromServer';
import type { RunningHarness } from '../../harness/harness';

export function v1PluginClient(h: RunningHarness): PluginClient {
  const c = h.server.client();
  return {
    session: {
      get: ({ path }) => c.session.get({ sessionID: path.id }),
      children: ({ path }) => c.session.children({ sessionID: path.id }),
      messages: ({ path }) => c.session.messages({ sessionID: path.id }),
      status: () => c.session.status(),
    },
    config: { providers: () => c.config.providers() },
  };
}

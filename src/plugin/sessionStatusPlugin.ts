// The OpenCode plugin that gives agents a `session_status` tool: their own session's usage, sub-agents
// counted once, context and budgets. Built as one self-contained file (dist/opencode-plugin/session-status.js)
// that OpenCode loads from a file URL in the `plugin` list of opencode.json. It reads its own server through
// the client OpenCode hands it, fills a store exactly as the extension does, and answers with the same
// pure function. When the extension runs on this machine it asks it first (its loopback endpoint), since
// budgets span every server the extension sees; alone, budgets are null.
// One file for both OpenCode generations: its default export `{ id, server, setup }` is read by 1.18.29+
// (`server`, the V1 function; 1.18.33's loader takes only the default then and ignores named exports) and
// by 2.x (`setup`, see v2Definition.ts). 1.18.33's loader (read from its binary, `readV1Plugin` in
// packages/opencode/src/plugin/shared.ts): a default object with `id` is used, `server` must be a function.
// It also holds budget pauses in the server (pauseGate.ts): on 1.18.33 the `chat.params` hook runs before every model
// request OpenCode makes for a session (measured: one that throws fails the step with its words and the model gets no
// request, no retry), so a session whose tree a budget pause holds is refused before anything is sent.
import { statusScope } from '../store/sessionStatus';
import { askExtension } from './askExtension';
import { PauseGate } from './pauseGate';
import { v1Tree } from './serverTree';
import { statusFromServer, type PluginInput } from './statusFromServer';
import { setupV2 } from './v2Definition';

interface ToolContext {
  sessionID: string;
}

/** The tool's input as a plain JSON Schema property map, which OpenCode 1.18 takes for a plugin tool's `args`. */
export const SCOPE_ARGS = {
  scope: {
    type: 'string',
    enum: ['session', 'root'],
    description:
      'session (default): your own session and its sub-agents; root: the whole task tree you belong to (the tree the session budget counts), answered for its root.',
  },
};

const DESCRIPTION =
  "Your OpenCode session's usage so far, as JSON: tokens and cost of this session (`usage.session`), of its sub-agents " +
  '(`usage.subagents`, every descendant once) and both (`usage.total`); `turns` = finished model steps; the last finished ' +
  'step (`usage.lastTurn`); context use against the model window (`context`); and budgets per session, hour, day and ' +
  'week (`budgets`, null when unknown), when each is reached at the recent pace (`forecast`; ' +
  "`serverForecast` at this server's pace alone), and OpenCode Go's plan " +
  'windows (`plan`, null without a Go key); where the time went (`timeline`: wall, busy, waiting and idle ms, and the ' +
  '`criticalPath` of sub-agents waited on). The step that calls this tool is not counted yet (`inFlight`). `scope: "root"` ' +
  'answers for the whole task tree you belong to (the tree the session budget counts). Use it to size ' +
  'work to what is left and to say plainly when a budget is spent.';

export const SessionStatusPlugin = (input: PluginInput) => {
  const gate = new PauseGate(v1Tree(input.client), input.directory);
  return Promise.resolve({
    /** Before each model request: a budget pause of the session's tree refuses it (the step fails with these words). */
    'chat.params': async (params: { sessionID?: unknown }): Promise<void> => {
      if (typeof params?.sessionID !== 'string') return;
      const refusal = await gate.refusal(params.sessionID);
      if (refusal) throw new Error(refusal);
    },
    tool: {
      session_status: {
        description: DESCRIPTION,
        args: SCOPE_ARGS,
        async execute(args: { scope?: unknown } | undefined, ctx: ToolContext): Promise<string> {
          const scope = statusScope(args?.scope);
          if (!scope) return JSON.stringify({ error: `scope is "session" or "root", not ${JSON.stringify(args?.scope)}.` });
          const status =
            (await askExtension(ctx.sessionID, scope, input.directory)) ?? (await statusFromServer(input, ctx.sessionID, scope));
          return JSON.stringify(status ?? { error: `No session ${ctx.sessionID} on this server.` }, null, 2);
        },
      },
    },
  });
};

export default {
  id: 'opencode-sessions.session-status',
  server: SessionStatusPlugin,
  setup: setupV2(DESCRIPTION, SCOPE_ARGS),
};

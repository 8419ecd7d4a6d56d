// The session_status tool for OpenCode 2.x, whose plugins are a default-exported `{ id, setup(ctx) }`.
// Shapes relied on, read in anomalyco/opencode:
// - packages/plugin/src/promise/plugin.ts @ 0ef9ef4be011358f55c5a01e78d55beb033f4746: `Plugin { id, setup(context) }`,
//   the context has `tool` and `session`.
// - packages/plugin/src/promise/tool.ts @ 196e46122874caa1df7d28dab7a64f6fddf0730a: `ctx.tool.transform(editor => …)`,
//   `editor.add(info)`; the tool context carries `sessionID`.
// - packages/schema/src/tool.ts @ ea888714684647441843007c9eb372be6ec44535: `Info { name, description, input, execute }`
//   with `input` a JSON Schema allowed, and `Result { content?: string | Content[] }`.
// - packages/plugin/src/promise/session.ts @ 03545fd3bb099af708c5f1146c42c10c7f24c359: `ctx.session.get({ sessionID })`
//   (no children or messages in the plugin context, so alone it can give only the session's own totals).
// - packages/core/src/tool.ts (v2 branch, b6226260): a tool's `options.codemode === false` offers it directly.
// - packages/plugin/src/promise/session.ts @ 03545fd3bb099af708c5f1146c42c10c7f24c359: `ctx.session.hook(name, callback)`
//   with "model.request" `{ sessionID, agent, model, kind, baseURL?, headers }` for every request kind (primary,
//   compaction, title, generate); packages/plugin/src/promise/registration.ts: promise hooks signal failure by
//   throwing; packages/core/src/session/model-request.ts @ 0330149c5fe09d2af468a905b0f132fd75cba522: the hook runs in
//   `prepare`, before the request is built and sent, and a hook's failure fails it there. Not run here: no OpenCode 2
//   binary is installable (README says so).
import { askExtension } from './askExtension';
import { PauseGate } from './pauseGate';
import { v2Tree } from './serverTree';
import { statusScope, type SessionStatus, type StatusScope } from '../store/sessionStatus';
import type { Usage } from '../store/usage';

export interface V2ToolResult {
  content: Array<{ type: 'text'; text: string }>;
}

export interface V2ToolInfo {
  name: string;
  /** `codemode: false`: offered to the model as a tool of its own, not only inside Code Mode's `execute` catalogue. */
  options?: { codemode?: boolean };
  description: string;
  input: Record<string, unknown>;
  execute(input: unknown, context: { sessionID: string }): Promise<V2ToolResult>;
}

/** The part of OpenCode 2's plugin context this uses. */
export interface V2ToolEditor {
  add(tool: V2ToolInfo): void;
}

/** `model.request`'s event, as far as the gate reads it. */
export interface V2ModelRequest {
  readonly sessionID: string;
}

export interface V2Context {
  tool: { transform(edit: (tools: V2ToolEditor) => void | Promise<void>): unknown };
  session?: {
    get(input: { sessionID: string }): Promise<unknown>;
    hook?(name: 'model.request', callback: (event: V2ModelRequest) => Promise<void> | void): Promise<unknown>;
  };
}

/** What the tool answers on OpenCode 2 when the extension does not: the session's own recorded totals. */
export interface PartialStatus {
  partial: true;
  note: string;
  session: { id: string; title: string | null };
  usage: { session: Usage & { totalTokens: number; listCost: null } };
}

const PARTIAL_NOTE =
  "Only this session's own totals: sub-agents, turns, context and budgets come from the OpenCode Sessions extension, which did not answer from this machine.";

const ROOT_NEEDS_EXTENSION =
  'scope "root" (the whole task tree) needs the OpenCode Sessions extension, which did not answer from this machine; scope "session" gives this session\'s own totals.';

/** `properties`: the same JSON Schema property map the V1 tool takes as `args`. */
export function setupV2(description: string, properties: Record<string, unknown>) {
  return async (ctx: V2Context): Promise<void> => {
    // Before each model request of a session (every kind): a budget pause of its tree refuses it, before it is sent.
    if (ctx.session?.hook) {
      const gate = new PauseGate(v2Tree(ctx.session.get.bind(ctx.session)));
      await ctx.session.hook('model.request', async (event) => {
        const refusal = typeof event?.sessionID === 'string' ? await gate.refusal(event.sessionID) : undefined;
        if (refusal) throw new Error(refusal);
      });
    }
    await ctx.tool.transform((tools) => {
      tools.add({
        name: 'session_status',
        // Without it OpenCode 2 puts a plugin's tool into Code Mode's catalogue, where the model does not see it
        // as a tool and a call answers null (packages/core/src/tool.ts of the v2 branch, b6226260: only tools
        // with `options.codemode === false` are offered directly, as its own shell, write and question are).
        options: { codemode: false },
        description,
        input: { type: 'object', properties, additionalProperties: false },
        async execute(input, context) {
          const scope = statusScope(obj(input)?.scope);
          const answer = scope
            ? await statusV2(ctx, context.sessionID, scope)
            : { error: `scope is "session" or "root", not ${JSON.stringify(obj(input)?.scope)}.` };
          return { content: [{ type: 'text', text: JSON.stringify(answer, null, 2) }] };
        },
      });
    });
  };
}

/**
 * The extension's answer (the same one the V1 plugin gives), else what the session itself records. The task
 * tree (scope root) only the extension can answer: the plugin context lists no children or parents.
 */
export async function statusV2(
  ctx: Pick<V2Context, 'session'>,
  sessionId: string,
  scope: StatusScope = 'session',
): Promise<SessionStatus | PartialStatus | { error: string }> {
  const status = await askExtension(sessionId, scope);
  if (status) return status;
  if (scope === 'root') return { error: ROOT_NEEDS_EXTENSION };
  const info = await ctx.session?.get({ sessionID: sessionId }).catch(() => undefined);
  return partialStatus(info, sessionId) ?? { error: `No session ${sessionId} on this server.` };
}

/** Reads a V2 session record (`{data}` from the HTTP API, or the record itself from the plugin context). */
export function partialStatus(raw: unknown, sessionId: string): PartialStatus | undefined {
  const info = obj(obj(raw)?.data) ?? obj(raw);
  if (!info || info.id !== sessionId) return undefined;
  const tokens = obj(info.tokens);
  const cache = obj(tokens?.cache);
  const counts = {
    cost: num(info.cost),
    input: num(tokens?.input),
    output: num(tokens?.output),
    reasoning: num(tokens?.reasoning),
    cacheRead: num(cache?.read),
    cacheWrite: num(cache?.write),
  };
  const totalTokens = counts.input + counts.output + counts.reasoning + counts.cacheRead + counts.cacheWrite;
  return {
    partial: true,
    note: PARTIAL_NOTE,
    session: { id: sessionId, title: typeof info.title === 'string' ? info.title : null },
    // No list price alone: it is priced per step, and the plugin context reads no messages (the extension's answer has it).
    usage: { session: { ...counts, totalTokens, listCost: null } },
  };
}

function obj(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

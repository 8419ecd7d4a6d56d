// Helpers that make real things happen on a real OpenCode server: sessions, prompts with scripted
// usage, child task sessions, compaction. Used by the integration tests, the benchmarks and the demo.
import { diffLines } from 'diff';
import { createOpencodeClient, type Session } from '@opencode-ai/sdk/v2/client';
import {
  type Assistant2,
  compact2,
  createSession2,
  deleteSession2,
  getSession2,
  isOpencode2,
  listSessions2,
  messages2,
  permissions2,
  prompt2,
  replyPermission2,
  settle2,
  switchAgent2,
  switchModel2,
  turnDiff2,
  wait2,
} from './opencode2';
import type { OpencodeServer } from './opencodeServer';
import { PROVIDER_ID } from './opencodeServer';
import { taskCall, text, type Reply, type ScriptedModel, type Usage } from './scriptedModel';
import { waitFor } from './waitFor';

export interface Harness {
  server: OpencodeServer;
  model: ScriptedModel;
}

const TIMEOUT_MS = 120_000;

export async function createSession(
  h: Harness,
  options: { title?: string; parentID?: string; directory?: string; modelID?: string } = {},
): Promise<Session> {
  const { server } = h;
  if (isOpencode2()) {
    // 2.x makes a child session only through its subagent tool: the parent delegates, at no cost of its own
    // (zero usage), and the child is what the caller asked for (its title is the delegation's description).
    if (options.parentID) return childOf2(h, options.parentID, options.title ?? 'Child task', options.directory);
    return createSession2(server, { ...options, providerID: PROVIDER_ID });
  }
  const result = await server.client(options.directory).session.create(
    {
      title: options.title,
      parentID: options.parentID,
      model: options.modelID ? { providerID: PROVIDER_ID, id: options.modelID } : undefined,
    },
    { signal: AbortSignal.timeout(TIMEOUT_MS) },
  );
  if (!result.data) throw new Error(`session.create failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

/** Sends a prompt and waits for the whole turn; `replies` are what the model answers, in order. */
export async function prompt(
  { server, model }: Harness,
  sessionID: string,
  promptText: string,
  replies: Reply[] = [text('Done.')],
  options: { directory?: string; modelID?: string } = {},
): Promise<void> {
  model.enqueue(...replies);
  if (isOpencode2()) {
    if (options.modelID) await switchModel2(server, sessionID, options.modelID, PROVIDER_ID);
    await prompt2(server, sessionID, promptText);
    await wait2(server, sessionID);
    return;
  }
  const result = await server.client(options.directory).session.prompt(
    {
      sessionID,
      parts: [{ type: 'text', text: promptText }],
      model: options.modelID ? { providerID: PROVIDER_ID, modelID: options.modelID } : undefined,
    },
    { signal: AbortSignal.timeout(TIMEOUT_MS) },
  );
  if (result.error || !result.response.ok) throw new Error(`prompt failed: ${result.response.status} ${JSON.stringify(result.error)}`);
}

/** Starts a prompt without waiting for it (the session stays busy until the model answers). */
export async function promptAsync(
  { server, model }: Harness,
  sessionID: string,
  promptText: string,
  replies: Reply[],
  directory?: string,
): Promise<void> {
  model.enqueue(...replies);
  if (isOpencode2()) return prompt2(server, sessionID, promptText);
  const result = await server
    .client(directory)
    .session.promptAsync({ sessionID, parts: [{ type: 'text', text: promptText }] }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!result.response.ok) throw new Error(`promptAsync failed: ${result.response.status}`);
}

export interface ChildRun {
  description: string;
  /** Usage of the parent's tool-calling step, the child's answer, and the parent's closing answer. */
  parentCall?: Usage;
  child?: Usage;
  parentAfter?: Usage;
}

/** Makes the parent call the `task` tool, so OpenCode itself creates a child task session. */
export async function spawnChild(h: Harness, parentID: string, run: ChildRun, directory?: string): Promise<Session> {
  const before = new Set((await children(h, parentID, directory)).map((s) => s.id));
  // 2.x's sub-agent (`general`) may not delegate itself: a child that delegates runs as the primary agent.
  if (isOpencode2() && (await getSession(h, parentID, directory)).parentID) await switchAgent2(h.server, parentID, 'build');
  await prompt(
    h,
    parentID,
    `Delegate: ${run.description}`,
    [
      taskCall(run.description, `Please ${run.description.toLowerCase()}`, run.parentCall),
      text(`${run.description}: done.`, run.child),
      text('The sub-agent finished.', run.parentAfter),
    ],
    { directory },
  );
  const created = (await children(h, parentID, directory)).filter((s) => !before.has(s.id));
  if (created.length !== 1) throw new Error(`expected one new child session, found ${created.length}`);
  return created[0];
}

/** OpenCode 2: a child of `parentID` titled `title`, made by a zero-usage delegation (see createSession). */
async function childOf2(h: Harness, parentID: string, title: string, directory?: string): Promise<Session> {
  const none = { prompt: 0, completion: 0 };
  return spawnChild(h, parentID, { description: title, parentCall: none, child: none, parentAfter: none }, directory);
}

export async function children({ server }: Harness, sessionID: string, directory?: string): Promise<Session[]> {
  if (isOpencode2()) return listSessions2(server, `parentID=${sessionID}`);
  const result = await server.client(directory).session.children({ sessionID }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!result.data) throw new Error(`session.children failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

export async function getSession({ server }: Harness, sessionID: string, directory?: string): Promise<Session> {
  if (isOpencode2()) return getSession2(server, sessionID);
  const result = await server.client(directory).session.get({ sessionID }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!result.data) throw new Error(`session.get failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

/** Every session on the server, read straight from its API (the truth the extension must match). */
export async function allSessions({ server }: Harness): Promise<Session[]> {
  if (isOpencode2()) return listSessions2(server);
  const client = createOpencodeClient({ baseUrl: server.url, headers: server.authHeaders() });
  const result = await client.experimental.session.list({ limit: 100_000 }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!result.data) throw new Error(`session list failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

/** Manual compaction; the endpoint says true even on failure, so callers check the messages or events. */
export async function compact(
  { server, model }: Harness,
  sessionID: string,
  summaryUsage?: Usage,
  modelID = server.models[0].id,
  directory?: string,
): Promise<void> {
  model.enqueue(text('Summary: the user asked for work and it was done.', summaryUsage));
  if (isOpencode2()) {
    // 2.x compacts with the session's model and queues it: wait until it has run.
    await compact2(server, sessionID);
    await wait2(server, sessionID);
    return;
  }
  const result = await server
    .client(directory)
    .session.summarize({ sessionID, providerID: PROVIDER_ID, modelID }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!result.response.ok) throw new Error(`summarize failed: ${result.response.status}`);
}

export async function deleteSession({ server }: Harness, sessionID: string, directory?: string): Promise<void> {
  if (isOpencode2()) return deleteSession2(server, sessionID);
  const result = await server.client(directory).session.delete({ sessionID }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!result.response.ok) throw new Error(`delete failed: ${result.response.status}`);
}

/** A permission the server is waiting on (either generation). */
export interface PendingPermission {
  id: string;
  sessionID: string;
}

/** The permissions sessions of the server are waiting on, from its API (on 1.x, those of `directory`'s instance). */
export async function pendingPermissions({ server }: Harness, directory?: string): Promise<PendingPermission[]> {
  if (isOpencode2()) return permissions2(server);
  const result = await server.client(directory).permission.list({}, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!result.data) throw new Error(`permission.list failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

/** Answers a permission as another client (the TUI) would. */
export async function replyPermission(
  { server }: Harness,
  request: PendingPermission,
  reply: 'once' | 'always' | 'reject',
  message?: string,
): Promise<void> {
  if (isOpencode2()) return replyPermission2(server, request, reply, message);
  const result = await server
    .client()
    .permission.reply({ requestID: request.id, reply, message }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!result.response.ok) throw new Error(`permission.reply failed: ${result.response.status}`);
}

/** Whether the server holds a compaction summary for the session (1.18: a summary message; 2.x: a compaction). */
export async function hasCompactionSummary({ server }: Harness, sessionID: string): Promise<boolean> {
  if (isOpencode2()) return (await messages2(server, sessionID)).some((m) => m.type === 'compaction');
  const messages = (await server.client().session.messages({ sessionID }, { signal: AbortSignal.timeout(TIMEOUT_MS) })).data ?? [];
  return messages.some((m) => m.info.role === 'assistant' && m.info.summary === true);
}

/** Whether the server recorded a step ended by the user's interrupt (1.18: MessageAbortedError; 2.x: `{type: "aborted"}`). */
export async function abortRecorded({ server }: Harness, sessionID: string): Promise<boolean> {
  if (isOpencode2())
    return (await messages2(server, sessionID)).some(
      (m) => m.type === 'assistant' && (m as { error?: { type?: string } }).error?.type === 'aborted',
    );
  const messages = (await server.client().session.messages({ sessionID }, { signal: AbortSignal.timeout(TIMEOUT_MS) })).data ?? [];
  return messages.some((m) => m.info.role === 'assistant' && m.info.error?.name === 'MessageAbortedError');
}

/** What one step of the model recorded: 1.18's step-finish parts, 2.x's assistant messages (one step each). */
export interface StepRecord {
  tokens: { input: number; output: number; reasoning: number; cache: { read: number; write: number } };
  cost: number;
}

export async function stepRecords({ server }: Harness, sessionID: string, directory = server.directory): Promise<StepRecord[]> {
  // A release's assistant message carries cost and tokens once its step has ended (2.0.26 packages/schema/src/session-message.ts).
  if (isOpencode2())
    return (await messages2(server, sessionID)).filter((m): m is Assistant2 => m.type === 'assistant' && 'tokens' in m && 'cost' in m);
  const result = await server.client(directory).session.messages({ sessionID }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  return (result.data ?? []).flatMap((m) => m.parts.flatMap((p) => (p.type === 'step-finish' ? [{ tokens: p.tokens, cost: p.cost }] : [])));
}

/**
 * A 2.x release's record of a compaction's own usage: the compaction message's `cost` and `tokens` (2.0.26
 * packages/schema/src/session-message.ts, `CompactionUsage`). Undefined where the server keeps it only in the
 * session's totals (the older 2-line build) or as a step (1.18, in stepRecords).
 */
export async function compactionRecord({ server }: Harness, sessionID: string): Promise<StepRecord | undefined> {
  if (!isOpencode2()) return undefined;
  const compactions = (await messages2(server, sessionID)).filter((m) => m.type === 'compaction') as Array<Partial<StepRecord>>;
  const last = compactions.at(-1);
  return last?.tokens && last.cost !== undefined ? { tokens: last.tokens, cost: last.cost } : undefined;
}

/** What a completed call of `tool` answered in the session (its first one), or undefined if none completed. */
export async function toolOutput({ server }: Harness, sessionID: string, tool: string): Promise<string | undefined> {
  if (isOpencode2()) {
    const parts = (await messages2(server, sessionID)).flatMap((m) => (m as { content?: unknown[] }).content ?? []) as Array<{
      type: string;
      name?: string;
      state?: { status: string; content?: Array<{ type: string; text?: string }> };
    }>;
    const call = parts.find((p) => p.type === 'tool' && p.name === tool && p.state?.status === 'completed');
    return call?.state?.content?.map((c) => c.text ?? '').join('');
  }
  const result = await server.client(server.directory).session.messages({ sessionID }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  const part = (result.data ?? []).flatMap((m) => m.parts).find((p) => p.type === 'tool' && p.tool === tool);
  return part?.type === 'tool' && part.state.status === 'completed' ? part.state.output : undefined;
}

/** When the first completed call of `tool` in the session ended, by the server's clock (ms), or undefined. */
export async function toolEnded({ server }: Harness, sessionID: string, tool: string): Promise<number | undefined> {
  if (isOpencode2()) {
    const name = tool === 'bash' ? 'shell' : tool;
    const parts = (await messages2(server, sessionID)).flatMap((m) => (m as { content?: unknown[] }).content ?? []) as Array<{
      type: string;
      name?: string;
      state?: { status: string };
      time?: { completed?: number };
    }>;
    return parts.find((p) => p.type === 'tool' && p.name === name && p.state?.status === 'completed')?.time?.completed;
  }
  const result = await server.client(server.directory).session.messages({ sessionID }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  const part = (result.data ?? []).flatMap((m) => m.parts).find((p) => p.type === 'tool' && p.tool === tool);
  return part?.type === 'tool' && part.state.status === 'completed' ? part.state.time.end : undefined;
}

/** A file a turn changed, as the server recorded it. */
export interface RecordedChange {
  file?: string;
  status?: string;
  additions: number;
  deletions: number;
}

/** One turn as the server recorded it: its user message, its steps (assistant messages) and what it changed. */
export interface RecordedTurn {
  id: string;
  steps: string[];
  changes: RecordedChange[];
}

/**
 * A session's turns, oldest first. 1.18: user messages with their `summary.diffs`, steps by `parentID`. 2.x: the
 * messages in order; a turn's changes are the server's own per-turn diff on releases (`GET …/diff?from=`, see
 * turnDiff2), and on the older build, which has no diff route, what its file tools reported
 * (`state.metadata.files`, packages/core/src/tool/plugin/edit.ts and write.ts).
 */
export async function recordedTurns({ server }: Harness, sessionID: string, directory = server.directory): Promise<RecordedTurn[]> {
  if (isOpencode2()) {
    const turns: RecordedTurn[] = [];
    const written = new Map<string, string>();
    for (const m of await messages2(server, sessionID)) {
      if (m.type === 'user') turns.push({ id: m.id, steps: [], changes: [] });
      const turn = turns.at(-1);
      if (m.type !== 'assistant' || !turn) continue;
      turn.steps.push(m.id);
      for (const part of (m as { content?: RecordedToolPart[] }).content ?? []) {
        if (part.type !== 'tool') continue;
        turn.changes.push(...(part.state?.metadata?.files ?? []));
        if (part.name === 'write' && !part.state?.metadata?.files) turn.changes.push(...recordedWrite(part, written));
      }
    }
    for (const turn of turns) {
      const diff = await turnDiff2(server, sessionID, turn.id);
      if (diff) turn.changes = diff;
    }
    return turns;
  }
  const messages = (await server.client(directory).session.messages({ sessionID }, { signal: AbortSignal.timeout(TIMEOUT_MS) })).data ?? [];
  return messages.flatMap((m) =>
    m.info.role === 'user'
      ? [
          {
            id: m.info.id,
            steps: messages.filter((a) => a.info.role === 'assistant' && a.info.parentID === m.info.id).map((a) => a.info.id),
            changes: m.info.summary?.diffs ?? [],
          },
        ]
      : [],
  );
}

interface RecordedToolPart {
  type: string;
  name?: string;
  state?: { status?: string; input?: { content?: string }; content?: Array<{ text?: string }>; metadata?: { files?: RecordedChange[] } };
}

/**
 * The v2 branch's write tool records no diff: what the server wrote is the call's content, over nothing when it
 * answered "Created file successfully: <file>" (else over what this session wrote there before), counted as
 * the server counts its edit previews (`diffLines`, packages/core/src/tool/plugin/file-diff.ts).
 */
function recordedWrite(part: RecordedToolPart, written: Map<string, string>): RecordedChange[] {
  const match = /^(Created|Wrote) file successfully: (.+)$/.exec(part.state?.content?.[0]?.text?.trim() ?? '');
  const after = part.state?.input?.content;
  if (part.state?.status !== 'completed' || !match || after === undefined) return [];
  const before = match[1] === 'Created' ? '' : written.get(match[2]);
  written.set(match[2], after);
  if (before === undefined) return [];
  const parts = diffLines(before, after);
  const count = (pick: (p: (typeof parts)[number]) => boolean | undefined) => parts.filter(pick).reduce((n, p) => n + (p.count ?? 0), 0);
  return [
    {
      file: match[2],
      additions: count((p) => p.added),
      deletions: count((p) => p.removed),
      status: match[1] === 'Created' ? 'added' : 'modified',
    },
  ];
}

/** What one turn changed, from the server: 1.18's diff route, 2.x's per-turn diff or tool results (see recordedTurns). */
export async function turnDiff(h: Harness, sessionID: string, turn: string, directory = h.server.directory): Promise<RecordedChange[]> {
  if (isOpencode2()) return (await recordedTurns(h, sessionID, directory)).find((t) => t.id === turn)?.changes ?? [];
  const result = await h.server.client(directory).session.diff({ sessionID, messageID: turn }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  return result.data ?? [];
}

/**
 * Leaves the server as a case should leave it, even one that failed: every permission rejected and every question
 * (2.x: form) cancelled until no session runs, then the replies the model was given and no turn used dropped, so
 * the next case's turns get their own. Returns how many requests it had to answer.
 */
export async function settle(h: Harness): Promise<number> {
  let answered: number;
  if (isOpencode2()) answered = await settle2(h.server);
  else {
    answered = 0;
    const client = h.server.client();
    await waitFor(
      'the server with nothing waiting and nothing running',
      async () => {
        const permissions = (await client.permission.list({})).data ?? [];
        for (const p of permissions) await client.permission.reply({ requestID: p.id, reply: 'reject' });
        const questions = (await client.question.list({})).data ?? [];
        for (const q of questions) await client.question.reject({ requestID: q.id });
        answered += permissions.length + questions.length;
        const running = Object.values((await client.session.status({})).data ?? {}).filter((st) => st.type !== 'idle');
        return permissions.length + questions.length + running.length;
      },
      (left) => left === 0,
    );
  }
  h.model.clearQueue();
  return answered;
}

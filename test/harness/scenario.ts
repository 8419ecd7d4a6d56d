// Helpers that make real things happen on a real OpenCode server: sessions, prompts with scripted
// usage, child task sessions, compaction. Used by the integration tests, the benchmarks and the demo.
import { createOpencodeClient, type Session } from '@opencode-ai/sdk/v2/client';
import type { OpencodeServer } from './opencodeServer';
import { PROVIDER_ID } from './opencodeServer';
import { taskCall, text, type Reply, type ScriptedModel, type Usage } from './scriptedModel';

export interface Harness {
  server: OpencodeServer;
  model: ScriptedModel;
}

const TIMEOUT_MS = 120_000;

export async function createSession(
  { server }: Harness,
  options: { title?: string; parentID?: string; directory?: string; modelID?: string } = {},
): Promise<Session> {
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

export async function children({ server }: Harness, sessionID: string, directory?: string): Promise<Session[]> {
  const result = await server.client(directory).session.children({ sessionID }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!result.data) throw new Error(`session.children failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

export async function getSession({ server }: Harness, sessionID: string, directory?: string): Promise<Session> {
  const result = await server.client(directory).session.get({ sessionID }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!result.data) throw new Error(`session.get failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

/** Every session on the server, read straight from its API (the truth the extension must match). */
export async function allSessions({ server }: Harness): Promise<Session[]> {
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
  const result = await server
    .client(directory)
    .session.summarize({ sessionID, providerID: PROVIDER_ID, modelID }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!result.response.ok) throw new Error(`summarize failed: ${result.response.status}`);
}

export async function deleteSession({ server }: Harness, sessionID: string, directory?: string): Promise<void> {
  const result = await server.client(directory).session.delete({ sessionID }, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!result.response.ok) throw new Error(`delete failed: ${result.response.status}`);
}

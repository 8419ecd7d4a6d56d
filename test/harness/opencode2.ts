// The harness on an OpenCode 2 server (`OCS_SERVER=opencode2`, binary in OCS_OPENCODE2): the same scenario
// helpers, spoken through 2.x's own `/api/*` routes (the 1.18 SDK's routes are gone there). Shapes from OpenCode
// 2.0.26 (zjdCander/opencode@1066927b, packages/protocol/src/groups/session.ts, message.ts, permission.ts,
// server.ts); where the older 2-line build (v2 branch of 2026-08-07) differs, the server's own document decides
// (opencode2Contract.ts).
import type { Session } from '@opencode-ai/sdk/v2/client';
import { contractOf } from './opencode2Contract';
import { waitFor } from './waitFor';

const TIMEOUT_MS = 120_000;

/** Which OpenCode the harness starts: the 1.18 line from node_modules, or an OpenCode 2 binary. */
export function isOpencode2(): boolean {
  return process.env.OCS_SERVER === 'opencode2';
}

/**
 * OpenCode 2 as the release-shape adapter (test/harness/release/releaseAdapter.ts) answers in front of 1.18.33:
 * OCS_SERVER=opencode2 with no OpenCode 2 binary named (the `opencode2` stage's default run).
 */
export function releaseAdapted(): boolean {
  return isOpencode2() && !process.env.OCS_OPENCODE2;
}

/**
 * Whether OpenCode 2's own engine runs the sessions (an OpenCode 2 binary), so its tools behave as 2.x's do
 * (packages/core/src/tool/plugin/*.ts); behind the adapter they are 1.18.33's, in 2.x's shapes.
 */
export function opencode2Engine(): boolean {
  return isOpencode2() && !releaseAdapted();
}

export function opencode2Binary(): string {
  const bin = process.env.OCS_OPENCODE2;
  if (!bin)
    throw new Error(
      'an OpenCode 2 binary is named by OCS_OPENCODE2 (OCS_OPENCODE2=$(which opencode)); without it 1.18.33 runs behind the release-shape adapter',
    );
  return bin;
}

/** What the harness needs of a running server to call it. */
export interface Opencode2Target {
  url: string;
  authHeaders(): Record<string, string>;
}

/** One `/api` call; a non-2xx answer throws with its body. */
export async function call<T>(
  server: Opencode2Target,
  path: string,
  options: { method?: string; body?: unknown; directory?: string } = {},
): Promise<T> {
  const response = await fetch(server.url + path, {
    method: options.method ?? 'GET',
    headers: {
      ...server.authHeaders(),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.directory ? { 'x-opencode-directory': options.directory } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok)
    throw new HttpError(`${options.method ?? 'GET'} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`, response.status);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A non-2xx answer, with its status (a 404 tells a route the server lacks from a failure). */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Who the server is: its version and process. */
export interface Identity2 {
  version: string;
  pid: number;
}

/**
 * `GET /api/info` `{version, pid, urls, paths, capabilities?}`, not wrapped in `data` (2.0.26:
 * packages/protocol/src/groups/server.ts; OpenCode's own service probe asks it, packages/client/src/service-probe.ts).
 * The older build has no `/api/info` (404) and answers `/api/health` `{healthy, version, pid}` instead.
 */
export async function identity2(server: Opencode2Target): Promise<Identity2> {
  try {
    return await call<Identity2>(server, '/api/info');
  } catch (error) {
    if (!(error instanceof HttpError) || error.status !== 404) throw error;
    return call<Identity2>(server, '/api/health');
  }
}

interface Info2 {
  id: string;
  parentID?: string;
  projectID: string;
  /** Optional on releases (2.0.26 packages/schema/src/session.ts) until a title is made. */
  title?: string;
  cost: number;
  tokens: { input: number; output: number; reasoning: number; cache: { read: number; write: number } };
  time: { created: number; updated: number; archived?: number };
  location: { directory: string };
}

/** 2.x's Session.Info in the 1.18 shape the tests read (id, parentID, title, directory, time, cost, tokens). */
function asSession(info: Info2): Session {
  return { ...info, title: info.title ?? '', directory: info.location.directory, slug: '', version: '2' };
}

export async function createSession2(
  server: Opencode2Target,
  options: { title?: string; directory?: string; modelID?: string; providerID: string },
): Promise<Session> {
  const body = {
    title: options.title,
    ...(options.modelID ? { model: { id: options.modelID, providerID: options.providerID } } : {}),
    ...(options.directory ? { location: { directory: options.directory } } : {}),
  };
  return asSession((await call<{ data: Info2 }>(server, '/api/session', { method: 'POST', body, directory: options.directory })).data);
}

export async function switchModel2(server: Opencode2Target, sessionID: string, modelID: string, providerID: string): Promise<void> {
  await call(server, `/api/session/${sessionID}/model`, { method: 'POST', body: { model: { id: modelID, providerID } } });
}

export async function switchAgent2(server: Opencode2Target, sessionID: string, agent: string): Promise<void> {
  await call(server, `/api/session/${sessionID}/agent`, { method: 'POST', body: { agent } });
}

/** Starts a turn; 2.x answers once the prompt is admitted. */
export async function prompt2(server: Opencode2Target, sessionID: string, text: string): Promise<void> {
  await call(server, `/api/session/${sessionID}/prompt`, { method: 'POST', body: { text } });
}

/**
 * Waits until the session's agent loop is idle (2.x's own wait route: `POST /api/experimental/session/:id/wait` on
 * releases, 2.0.26 packages/protocol/src/groups/session.ts; `POST /api/session/:id/wait` on the older build).
 */
export async function wait2(server: Opencode2Target, sessionID: string): Promise<void> {
  const route = (await contractOf(server)).first('post', '/api/experimental/session/{sessionID}/wait', '/api/session/{sessionID}/wait');
  if (!route) throw new Error('the server offers no wait route (neither /api/experimental/session/{id}/wait nor /api/session/{id}/wait)');
  await call(server, route.replace('{sessionID}', sessionID), { method: 'POST' });
}

export async function getSession2(server: Opencode2Target, sessionID: string): Promise<Session> {
  return asSession((await call<{ data: Info2 }>(server, `/api/session/${sessionID}`)).data);
}

/** Every session, through every page (`cursor.next` is non-null on the last page: the next one is empty). */
export async function listSessions2(server: Opencode2Target, query = ''): Promise<Session[]> {
  const all: Info2[] = [];
  let cursor: string | undefined;
  for (;;) {
    const params = new URLSearchParams(query);
    params.set('limit', '200');
    if (cursor) params.set('cursor', cursor);
    const page = await call<{ data: Info2[]; cursor: { next?: string | null } }>(server, `/api/session?${params.toString()}`);
    all.push(...page.data);
    if (!page.data.length || !page.cursor.next) return all.map(asSession);
    cursor = page.cursor.next;
  }
}

export async function deleteSession2(server: Opencode2Target, sessionID: string): Promise<void> {
  await call(server, `/api/session/${sessionID}`, { method: 'DELETE' });
}

export async function compact2(server: Opencode2Target, sessionID: string): Promise<void> {
  await call(server, `/api/session/${sessionID}/compact`, { method: 'POST', body: {} });
}

export interface Permission2 {
  id: string;
  sessionID: string;
  action: string;
  resources: string[];
}

export async function permissions2(server: Opencode2Target): Promise<Permission2[]> {
  return (await call<{ data: Permission2[] }>(server, '/api/permission/request')).data;
}

export async function replyPermission2(
  server: Opencode2Target,
  request: Pick<Permission2, 'id' | 'sessionID'>,
  reply: 'once' | 'always' | 'reject',
  message?: string,
): Promise<void> {
  const route = '/api/session/{sessionID}/permission/{requestID}/reply';
  await call(server, route.replace('{sessionID}', request.sessionID).replace('{requestID}', request.id), {
    method: 'POST',
    body: { [await permissionReplyKey(server)]: reply, ...(message ? { message } : {}) },
  });
}

/**
 * The key of a permission reply's answer in the body the server's document names: releases take
 * `{decision: "once"|"always"|"reject", message?}` (2.0.26 packages/protocol/src/groups/permission.ts) and refuse
 * `{reply}`, the older build's.
 */
export async function permissionReplyKey(server: Opencode2Target): Promise<'decision' | 'reply'> {
  const keys = (await contractOf(server)).bodyKeys('post', '/api/session/{sessionID}/permission/{requestID}/reply');
  return keys.includes('decision') ? 'decision' : 'reply';
}

/**
 * The models of `GET /api/model` (`{location, data}`), which a release may answer with 503 while its catalog
 * loads (2.0.26 packages/protocol/src/groups/model.ts: `ServiceUnavailableError`): asked again until it answers.
 */
export async function models2<T>(server: Opencode2Target): Promise<T[]> {
  const started = Date.now();
  for (;;) {
    try {
      return (await call<{ data: T[] }>(server, '/api/model')).data;
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 503 || Date.now() - started > TIMEOUT_MS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A form's state (2.0.26 packages/schema/src/form.ts `Form.State`; `message` is a release's cancel reason). */
export type FormState2 =
  { status: 'pending' } | { status: 'answered'; answer: Record<string, unknown> } | { status: 'cancelled'; message?: string };

/**
 * The server's record of a form's state: releases hold it in `GET …/form/{id}` (`Form.Detail`, 2.0.26
 * packages/protocol/src/groups/session.ts; a settled form stays 10 minutes, packages/core/src/form.ts); the older
 * build had `GET …/form/{id}/state`.
 */
export async function formState2(server: Opencode2Target, sessionID: string, formID: string): Promise<FormState2> {
  const path = `/api/session/${sessionID}/form/${formID}`;
  if ((await contractOf(server)).offers('get', '/api/session/{sessionID}/form/{formID}/state'))
    return (await call<{ data: FormState2 }>(server, `${path}/state`)).data;
  return (await call<{ data: { state: FormState2 } }>(server, path)).data.state;
}

/** Whether the server diffs a turn itself (releases' `GET /api/session/:id/diff`; the older build has no such route). */
export async function offersTurnDiff2(server: Opencode2Target): Promise<boolean> {
  return (await contractOf(server)).offers('get', '/api/session/{sessionID}/diff');
}

/** A file a turn changed, as 2.x releases' per-turn diff lists it (2.0.26 packages/schema/src/file-diff.ts). */
export interface FileDiff2 {
  file: string;
  patch: string;
  additions: number;
  deletions: number;
  status: 'added' | 'deleted' | 'modified';
}

/**
 * What the turn of user message `turn` changed, from the server's own per-turn diff (`GET /api/session/:id/diff?from=`,
 * 2.0.26 packages/protocol/src/groups/session.ts: whole-file patches when `context` is left out); undefined on a
 * server whose document has no such route (the older build: its tools' results are the only record).
 */
export async function turnDiff2(server: Opencode2Target, sessionID: string, turn: string): Promise<FileDiff2[] | undefined> {
  if (!(await offersTurnDiff2(server))) return undefined;
  return (await call<{ data: FileDiff2[] }>(server, `/api/session/${sessionID}/diff?${new URLSearchParams({ from: turn }).toString()}`))
    .data;
}

/** An assistant message of `GET /api/session/{id}/message` (2.x's steps: one per model call). */
export interface Assistant2 {
  id: string;
  type: 'assistant';
  agent: string;
  model: { id: string; providerID: string };
  finish?: string;
  cost: number;
  tokens: { input: number; output: number; reasoning: number; cache: { read: number; write: number } };
  time: { created: number; completed?: number };
}

/** Every message of a session, oldest first (`limit` is at most 200 a page). */
export async function messages2(server: Opencode2Target, sessionID: string): Promise<Array<{ id: string; type: string }>> {
  const all: Array<{ id: string; type: string }> = [];
  let cursor: string | undefined;
  for (;;) {
    // The cursor carries the order: 2.x refuses both together.
    const params = new URLSearchParams(cursor ? { limit: '200', cursor } : { limit: '200', order: 'asc' });
    const page = await call<{ data: Array<{ id: string; type: string }>; cursor: { next?: string | null } }>(
      server,
      `/api/session/${sessionID}/message?${params.toString()}`,
    );
    all.push(...page.data);
    if (!page.data.length || !page.cursor.next) return all;
    cursor = page.cursor.next;
  }
}

/**
 * Leaves an OpenCode 2 server with nothing waiting and nothing running, whatever a case left: every permission
 * rejected, every form cancelled (`DELETE …/form/{id}`, 2.0.26 groups/session.ts), until `/api/session/active`
 * lists no session (a turn blocked on either still reads running there). Returns what it answered.
 */
export async function settle2(server: Opencode2Target): Promise<number> {
  let answered = 0;
  const contract = await contractOf(server);
  await waitFor(
    'the server with nothing waiting and nothing running',
    async () => {
      const permissions = await permissions2(server);
      for (const p of permissions) await replyPermission2(server, p, 'reject').catch(() => undefined);
      const formsRoute = contract.first('get', '/api/form', '/api/form/request');
      const forms = formsRoute ? (await call<{ data: Array<{ id: string; sessionID: string }> }>(server, formsRoute)).data : [];
      for (const f of forms) await cancelForm2(server, f).catch(() => undefined);
      answered += permissions.length + forms.length;
      const active = Object.keys((await call<{ data: Record<string, unknown> }>(server, '/api/session/active')).data);
      return permissions.length + forms.length + active.length;
    },
    (left) => left === 0,
  );
  return answered;
}

/** Cancels a form: releases' `DELETE …/form/{id}`, the older build's `POST …/form/{id}/cancel`. */
async function cancelForm2(server: Opencode2Target, form: { id: string; sessionID: string }): Promise<void> {
  const path = `/api/session/${form.sessionID}/form/${form.id}`;
  if ((await contractOf(server)).offers('delete', '/api/session/{sessionID}/form/{formID}')) await call(server, path, { method: 'DELETE' });
  else await call(server, `${path}/cancel`, { method: 'POST' });
}

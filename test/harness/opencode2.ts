// The harness on an OpenCode 2 server (`OCS_SERVER=opencode2`, binary in OCS_OPENCODE2): the same scenario
// helpers, spoken through 2.x's own `/api/*` routes (the 1.18 SDK's routes are gone there). Shapes as recorded in
// OpenCode's v2 branch, packages/protocol/src/groups/session.ts and message.ts (kit build b6226260).
import type { Session } from '@opencode-ai/sdk/v2/client';

const TIMEOUT_MS = 120_000;

/** Which OpenCode the harness starts: the 1.18 line from node_modules, or an OpenCode 2 binary. */
export function isOpencode2(): boolean {
  return process.env.OCS_SERVER === 'opencode2';
}

export function opencode2Binary(): string {
  const bin = process.env.OCS_OPENCODE2;
  if (!bin) throw new Error('OCS_SERVER=opencode2 needs OCS_OPENCODE2, the path of an OpenCode 2 binary: OCS_OPENCODE2=$(which opencode)');
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
  if (!response.ok) throw new Error(`${options.method ?? 'GET'} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

interface Info2 {
  id: string;
  parentID?: string;
  projectID: string;
  title: string;
  cost: number;
  tokens: { input: number; output: number; reasoning: number; cache: { read: number; write: number } };
  time: { created: number; updated: number; archived?: number };
  location: { directory: string };
}

/** 2.x's Session.Info in the 1.18 shape the tests read (id, parentID, title, directory, time, cost, tokens). */
function asSession(info: Info2): Session {
  return { ...info, directory: info.location.directory, slug: '', version: '2' };
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

/** Waits until the session's agent loop is idle (2.x's own wait route). */
export async function wait2(server: Opencode2Target, sessionID: string): Promise<void> {
  await call(server, `/api/session/${sessionID}/wait`, { method: 'POST' });
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
  await call(server, `/api/session/${request.sessionID}/permission/${request.id}/reply`, {
    method: 'POST',
    body: { reply, ...(message ? { message } : {}) },
  });
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

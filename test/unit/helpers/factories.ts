// Builders for raw wire items shaped like OpenCode 1.18's `/global/event` stream, so unit tests reach the
// store through `parseEvent` exactly as live data does. Optional fields are omitted, never set to undefined,
// because the store tells pre-1.15 sessions apart by the absence of `tokens`/`cost`.
import assert from 'node:assert/strict';
import { parseEvent } from '../../../src/client/v1/events';
import type { SessionInfo, StoreEvent } from '../../../src/store/events';
import type { SessionRecord } from '../../../src/store/sessionRecord';
import { SessionStore } from '../../../src/store/sessionStore';
import type { StoreChange } from '../../../src/store/storeChange';
import type { ServerTokens, Usage } from '../../../src/store/usage';

export const DIR = '/home/dev/projects/ws';

export interface WireItem {
  directory?: string;
  payload: { id?: string; type: string; properties: Record<string, unknown> };
}

export interface SessionOptions {
  id: string;
  parentID?: string;
  tokens?: ServerTokens;
  cost?: number;
  created?: number;
  updated?: number;
  title?: string;
  directory?: string;
  archived?: number;
}

/** A session `info` as the server sends it; leave out tokens and cost to mimic a server before 1.15. */
export function sessionInfo(o: SessionOptions): SessionInfo {
  const created = o.created ?? 1_000;
  const info: SessionInfo = {
    id: o.id,
    slug: `slug-${o.id}`,
    title: o.title ?? `Session ${o.id}`,
    directory: o.directory ?? DIR,
    version: '1.18.33',
    time: { created, updated: o.updated ?? created, ...(o.archived !== undefined ? { archived: o.archived } : {}) },
  };
  if (o.parentID !== undefined) info.parentID = o.parentID;
  if (o.tokens !== undefined) info.tokens = o.tokens;
  if (o.cost !== undefined) info.cost = o.cost;
  return info;
}

/** The server's token block; all five kinds given so every Usage field is checked. */
export function tokens(input: number, output = 0, reasoning = 0, cacheRead = 0, cacheWrite = 0): ServerTokens {
  return { input, output, reasoning, cache: { read: cacheRead, write: cacheWrite } };
}

/** The expected Usage, written out independently of `usageOf`. */
export function usage(input: number, output = 0, reasoning = 0, cacheRead = 0, cacheWrite = 0, cost = 0): Usage {
  return { input, output, reasoning, cacheRead, cacheWrite, cost };
}

function wire(type: string, properties: Record<string, unknown>, directory = DIR): WireItem {
  return { directory, payload: { id: `evt_${type}`, type, properties } };
}

export function sessionEvent(type: 'session.created' | 'session.updated' | 'session.deleted', info: SessionInfo): WireItem {
  return wire(type, { sessionID: info.id, info }, info.directory);
}

export interface MessageOptions {
  id: string;
  sessionID: string;
  tokens?: ServerTokens;
  cost?: number;
  created?: number;
  completed?: number;
}

export function assistantMessageEvent(o: MessageOptions): WireItem {
  const info: Record<string, unknown> = {
    id: o.id,
    sessionID: o.sessionID,
    role: 'assistant',
    modelID: 'fake-model',
    providerID: 'fake',
    mode: 'build',
    agent: 'build',
    cost: o.cost ?? 0,
    tokens: o.tokens ?? tokens(0),
    time: { created: o.created ?? 2_000, ...(o.completed !== undefined ? { completed: o.completed } : {}) },
  };
  return wire('message.updated', { sessionID: o.sessionID, info });
}

export function userMessageEvent(id: string, sessionID: string): WireItem {
  return wire('message.updated', { sessionID, info: { id, sessionID, role: 'user', time: { created: 1_500 } } });
}

export function messageRemovedEvent(sessionID: string, messageID: string): WireItem {
  return wire('message.removed', { sessionID, messageID });
}

export function statusEvent(sessionID: string, status: Record<string, unknown>): WireItem {
  return wire('session.status', { sessionID, status });
}

export const busy = (sessionID: string): WireItem => statusEvent(sessionID, { type: 'busy' });
export const idle = (sessionID: string): WireItem => statusEvent(sessionID, { type: 'idle' });
export const retry = (sessionID: string, attempt: number, message = 'fake failure 500', next = 9_000): WireItem =>
  statusEvent(sessionID, { type: 'retry', attempt, message, next });

export function errorEvent(sessionID: string, name: string, message: string): WireItem {
  return wire('session.error', { sessionID, error: { name, data: { message } } });
}

export function compactedEvent(sessionID: string): WireItem {
  return wire('session.compacted', { sessionID });
}

export function permissionAskedEvent(sessionID: string, id: string, permission = 'bash', metadata?: Record<string, unknown>): WireItem {
  return wire('permission.asked', {
    id,
    sessionID,
    permission,
    patterns: ['echo hello'],
    always: ['echo *'],
    ...(metadata ? { metadata } : {}),
  });
}

export function questionAskedEvent(sessionID: string, id: string, questions: unknown[]): WireItem {
  return wire('question.asked', { id, sessionID, questions });
}

/** 1.18 names the request `requestID`. */
export function permissionRepliedEvent(sessionID: string, requestID: string): WireItem {
  return wire('permission.replied', { sessionID, requestID, reply: 'once' });
}

export function toolPartEvent(sessionID: string, partID: string, tool: string, status: string): WireItem {
  return wire('message.part.updated', {
    sessionID,
    part: { id: partID, sessionID, messageID: 'msg_t', type: 'tool', tool, callID: 'call_1', state: { status } },
  });
}

/** Parses one wire item and fails the test if the store would never see it. */
export function parsed(item: unknown): StoreEvent {
  const event = parseEvent(item);
  assert.ok(event, `parseEvent ignored ${JSON.stringify(item).slice(0, 120)}`);
  return event;
}

/** Applies wire items in order; returns the change of the last one. */
export function feed(store: SessionStore, ...items: unknown[]): StoreChange {
  let last: StoreChange | undefined;
  for (const item of items) last = store.apply(parsed(item));
  assert.ok(last, 'feed() needs at least one item');
  return last;
}

export function record(store: SessionStore, id: string): SessionRecord {
  const found = store.get(id);
  assert.ok(found, `session ${id} is not in the store`);
  return found;
}

/** Ids of records, sorted, for order-independent comparison. */
export function ids(records: Iterable<{ info: { id: string } }>): string[] {
  return [...records].map((r) => r.info.id).sort();
}

/** Set contents, sorted; `undefined` (the root list) sorts as the string "<root>". */
export function sorted(set: Set<string | undefined>): string[] {
  return [...set].map((s) => s ?? '<root>').sort();
}

// Replays real OpenCode 1.18.33 event streams through parseEvent + SessionStore. Expectations are derived
// from the raw JSON with code that shares nothing with the store (no usageOf, no tree walk of the store).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseEvent } from '../../../src/client/v1/events';
import type { StoreEvent } from '../../../src/store/events';
import { sessionState } from '../../../src/store/sessionRecord';
import { SessionStore } from '../../../src/store/sessionStore';
import type { Usage } from '../../../src/store/usage';
import { sessionInfo } from '../helpers/factories';
import { parseSse, payloadOf, readSse } from '../helpers/sse';

const FIXTURES = ['global-task-children.sse', 'event-compaction.sse', 'event-permission.sse', 'event-retry.sse', 'event-abort-revert.sse'];

interface RawInfo {
  id: string;
  parentID?: string;
  cost?: number;
  tokens?: { input?: number; output?: number; reasoning?: number; cache?: { read?: number; write?: number } };
}

/** What the raw stream says: the last info per session, deletions, and counts per payload type. */
function rawFacts(items: unknown[]) {
  const last = new Map<string, RawInfo>();
  const deleted = new Set<string>();
  const types = new Map<string, number>();
  const compacted = new Map<string, number>();
  for (const item of items) {
    const { type, properties } = payloadOf(item);
    types.set(String(type), (types.get(String(type)) ?? 0) + 1);
    const info = properties?.info as RawInfo | undefined;
    if ((type === 'session.created' || type === 'session.updated') && info) last.set(info.id, info);
    if (type === 'session.deleted' && info) deleted.add(info.id);
    if (type === 'session.compacted') compacted.set(String(properties?.sessionID), (compacted.get(String(properties?.sessionID)) ?? 0) + 1);
  }
  const remaining = [...last.keys()].filter((id) => !deleted.has(id));
  return { last, deleted, types, compacted, remaining };
}

function rawUsage(info: RawInfo): Usage {
  const t = info.tokens ?? {};
  return {
    input: t.input ?? 0,
    output: t.output ?? 0,
    reasoning: t.reasoning ?? 0,
    cacheRead: t.cache?.read ?? 0,
    cacheWrite: t.cache?.write ?? 0,
    cost: info.cost ?? 0,
  };
}

/** Session ids any item mentions; `/event` captures start mid-life, so the store is seeded as a snapshot would. */
function mentionedSessions(items: unknown[]): string[] {
  const found = new Set<string>();
  for (const item of items) {
    const id = payloadOf(item).properties?.sessionID;
    if (typeof id === 'string') found.add(id);
  }
  return [...found];
}

function replay(name: string, onEvent: (event: StoreEvent, store: SessionStore) => void = () => {}) {
  const { items, malformed } = readSse(name);
  const store = new SessionStore();
  if (!name.startsWith('global-')) store.loadSnapshot(mentionedSessions(items).map((id) => sessionInfo({ id, created: 0, updated: 0 })));
  for (const item of items) {
    const event = parseEvent(item);
    if (!event) continue;
    store.apply(event);
    onEvent(event, store);
  }
  return { store, items, malformed, facts: rawFacts(items) };
}

function assertClose(actual: Usage, expected: Usage, label: string): void {
  const { cost: a, ...actualTokens } = actual;
  const { cost: e, ...expectedTokens } = expected;
  assert.deepEqual(actualTokens, expectedTokens, label);
  assert.ok(Math.abs(a - e) < 1e-12, `${label}: cost ${a} ≠ ${e}`);
}

describe('every fixture', () => {
  for (const name of FIXTURES) {
    test(`${name}: own = the last info the stream carried, nothing left busy`, () => {
      const { store, items, malformed, facts } = replay(name);
      assert.equal(malformed, 0);
      assert.ok(items.length > 50, 'fixture was read');
      assert.ok(facts.remaining.length > 0);
      for (const id of facts.remaining) assert.deepEqual(store.get(id)?.own, rawUsage(facts.last.get(id)!), id);
      for (const r of store.all()) assert.deepEqual(r.status, { type: 'idle' }, `${r.info.id} ends idle`);
    });
  }
});

describe('a real stream has nothing malformed', () => {
  for (const name of FIXTURES) {
    test(name, () => {
      const seen: string[] = [];
      for (const item of readSse(name).items) parseEvent(item, (kind) => seen.push(kind));
      assert.deepEqual(seen, [], 'real items the parser calls malformed (a warning every user would see)');
    });
  }
});

describe('global-task-children.sse (/global/event)', () => {
  test('sync duplicates and heartbeats produce no events', () => {
    const { items, facts } = replay('global-task-children.sse');
    assert.ok((facts.types.get('sync') ?? 0) > 0 && (facts.types.get('server.heartbeat') ?? 0) > 0, 'fixture has both');
    for (const item of items) {
      const type = payloadOf(item).type;
      if (type === 'sync' || type === 'server.heartbeat') assert.equal(parseEvent(item), undefined);
    }
  });

  test('deleted sessions are gone and the session count is right', () => {
    const { store, facts } = replay('global-task-children.sse');
    assert.equal(facts.deleted.size, 2);
    for (const id of facts.deleted) assert.equal(store.get(id), undefined, id);
    assert.equal(facts.remaining.length, 7); // 9 created − 2 deleted, checked by hand against the capture
    assert.equal(store.size, facts.remaining.length);
    assert.deepEqual([...store.all()].map((r) => r.info.id).sort(), [...facts.remaining].sort());
  });

  test('tree and inclusive totals follow the raw parentIDs', () => {
    const { store, facts } = replay('global-task-children.sse');
    const alive = new Set(facts.remaining);
    const expected = new Map<string, Usage>(facts.remaining.map((id) => [id, rawUsage(facts.last.get(id)!)]));
    let nested = 0;
    // Add each session's own to every ancestor: an independent definition of "inclusive".
    for (const id of facts.remaining) {
      const own = rawUsage(facts.last.get(id)!);
      const seen = new Set([id]);
      for (let p = facts.last.get(id)!.parentID; p && alive.has(p) && !seen.has(p); p = facts.last.get(p)!.parentID) {
        seen.add(p);
        nested += 1;
        const sum = expected.get(p)!;
        expected.set(p, {
          input: sum.input + own.input,
          output: sum.output + own.output,
          reasoning: sum.reasoning + own.reasoning,
          cacheRead: sum.cacheRead + own.cacheRead,
          cacheWrite: sum.cacheWrite + own.cacheWrite,
          cost: sum.cost + own.cost,
        });
      }
      const parent = facts.last.get(id)!.parentID;
      if (parent && alive.has(parent))
        assert.ok(
          store.childrenOf(parent).some((c) => c.info.id === id),
          `${id} under ${parent}`,
        );
      else
        assert.ok(
          store.roots().some((r) => r.info.id === id),
          `${id} is a root`,
        );
    }
    assert.ok(nested > 0, 'the capture still holds a parent with a child');
    for (const [id, usage] of expected) assertClose(store.inclusive(id), usage, id);
  });

  test('compactions and idle states', () => {
    const { store, facts } = replay('global-task-children.sse');
    assert.equal(
      [...facts.compacted.values()].reduce((a, b) => a + b, 0),
      1,
    );
    for (const [id, count] of facts.compacted) assert.equal(store.get(id)?.compactions, count);
    for (const r of store.all()) assert.notEqual(sessionState(r), 'busy');
  });
});

describe('/event fixtures', () => {
  test('permission: waiting while asked, not after the reply', () => {
    const seen: string[] = [];
    const { store } = replay('event-permission.sse', (event, s) => {
      if (event.type === 'request.asked') seen.push(`asked:${sessionState(s.get(event.request.sessionID)!)}`);
      if (event.type === 'request.closed') seen.push(`closed:${sessionState(s.get(event.sessionID)!)}`);
    });
    assert.deepEqual(seen, ['asked:waiting', 'closed:busy']);
    for (const r of store.all()) assert.equal(sessionState(r), 'idle');
  });

  test('retry: shows retry with the raw attempts, ends idle', () => {
    const attempts: number[] = [];
    const { store, facts, items } = replay('event-retry.sse', (event, s) => {
      if (event.type !== 'session.status' || event.status.type !== 'retry') return;
      const r = s.get(event.sessionID)!;
      assert.equal(sessionState(r), 'retry');
      if (r.status.type === 'retry') attempts.push(r.status.attempt);
    });
    const rawAttempts: number[] = [];
    for (const item of items) {
      const { type, properties } = payloadOf(item);
      const status = properties?.status as { type?: string; attempt?: number } | undefined;
      if (type === 'session.status' && status?.type === 'retry') rawAttempts.push(Number(status.attempt));
    }
    assert.ok(rawAttempts.length > 0 && Math.max(...rawAttempts) >= 1, 'fixture has retries');
    assert.deepEqual(attempts, rawAttempts);
    assert.equal(facts.remaining.length, 1);
    assert.equal(sessionState(store.get(facts.remaining[0])!), 'idle');
  });

  test("abort: the recorded MessageAbortedError is the user's interrupt, not a failure: idle, no error", () => {
    let removed = 0;
    const { store, facts } = replay('event-abort-revert.sse', (event) => {
      if (event.type === 'message.removed') removed += 1;
      assert.notEqual(event.type, 'session.error', 'the interrupt is no error event');
    });
    assert.equal(removed, facts.types.get('message.removed'));
    assert.ok(facts.types.get('session.error'), 'the recording holds the MessageAbortedError');
    const session = store.get(facts.remaining[0])!;
    assert.equal(session.lastError, undefined);
    assert.notEqual(sessionState(session), 'error');
  });

  test('compaction: counted once', () => {
    const { store, facts } = replay('event-compaction.sse');
    assert.equal(facts.types.get('session.compacted'), 1);
    assert.equal(store.get(facts.remaining[0])?.compactions, 1);
  });
});

test('parseSse skips malformed data with a count and joins multi-line data', () => {
  const text = 'data: {"a":1}\n\ndata: {broken\n\n: keep-alive\n\ndata: <html>oops</html>\n\nevent: x\ndata: [1,\ndata: 2]\n\n';
  assert.deepEqual(parseSse(text), { items: [{ a: 1 }, [1, 2]], malformed: 2 });
});

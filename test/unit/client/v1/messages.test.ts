// Reading messages into the store: pre-1.15 sessions get their totals from their assistant messages
// right after the snapshot, a few sessions at a time; fetched copies never overwrite live ones.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  backfillMessageTotals,
  loadEveryMessage,
  loadNewestMessages,
  needsMessageTotals,
  type MessagesClient,
} from '../../../../src/client/v1/messages';
import type { MessageSink } from '../../../../src/client/serverApi';
import type { StoreEvent } from '../../../../src/store/events';
import { SessionStore } from '../../../../src/store/sessionStore';
import { record, sessionInfo, tokens, usage } from '../../helpers/factories';

/** Message items as `GET /session/{id}/message` returns them: `{info, parts}`. */
function assistant(id: string, sessionID: string, input: number, output: number, cost: number) {
  return {
    // After its session was made (the factories' sessions at 1 000): an older one would be a fork's copy.
    info: {
      id,
      sessionID,
      role: 'assistant',
      cost,
      tokens: tokens(input, output),
      modelID: 'm',
      providerID: 'p',
      time: { created: 2_000 },
    },
    parts: [],
  };
}
const user = (id: string, sessionID: string) => ({ info: { id, sessionID, role: 'user', time: { created: 1_500 } }, parts: [] });

/** A stand-in for the SDK client object (the real route is exercised by the integration tests). */
function fakeClient(bySession: Record<string, unknown[]>, calls: Array<{ sessionID: string; limit?: number }>, delayMs = 0) {
  let active = 0;
  const state = { maxActive: 0 };
  const client: MessagesClient = {
    session: {
      async messages({ sessionID, limit }) {
        calls.push({ sessionID, limit });
        active += 1;
        state.maxActive = Math.max(state.maxActive, active);
        await new Promise((r) => setTimeout(r, delayMs));
        active -= 1;
        if (sessionID === 'broken')
          return {
            error: { data: { message: 'boom' } },
            response: new Response('{}', { status: 500, headers: { 'content-type': 'application/json' } }),
          };
        return { data: bySession[sessionID] ?? [] };
      },
    },
  };
  return { client, state };
}

function storeSink(store: SessionStore, live = new Set<string>()): MessageSink & { applied: StoreEvent[] } {
  const applied: StoreEvent[] = [];
  return { applied, seenLive: (id) => live.has(id), apply: (e) => (applied.push(e), store.apply(e)) };
}

describe('pre-1.15 sessions (no tokens, no cost)', () => {
  test('are told apart from sessions with server totals', () => {
    assert.equal(needsMessageTotals(sessionInfo({ id: 'old' })), true);
    assert.equal(needsMessageTotals(sessionInfo({ id: 'new', tokens: tokens(0), cost: 0 })), false);
    assert.equal(needsMessageTotals(sessionInfo({ id: 'cost-only', cost: 0 })), false);
  });

  test('get their own totals from their messages right after the snapshot', async () => {
    const store = new SessionStore();
    const infos = [
      sessionInfo({ id: 'old1' }),
      sessionInfo({ id: 'old2', parentID: 'old1' }),
      sessionInfo({ id: 'new', tokens: tokens(7, 7), cost: 0.5 }),
    ];
    store.loadSnapshot(infos);
    assert.deepEqual(record(store, 'old1').own, usage(0));
    const calls: Array<{ sessionID: string; limit?: number }> = [];
    const { client } = fakeClient(
      {
        old1: [user('u1', 'old1'), assistant('a1', 'old1', 1_000, 100, 0.25), assistant('a2', 'old1', 2_000, 200, 0.5)],
        old2: [assistant('b1', 'old2', 300, 30, 0.125)],
        new: [assistant('n1', 'new', 99_999, 1, 9)],
      },
      calls,
    );
    await backfillMessageTotals(infos, () => client, storeSink(store));
    assert.deepEqual(calls.map((c) => c.sessionID).sort(), ['old1', 'old2'], 'sessions with server totals are not fetched');
    assert.ok(
      calls.every((c) => c.limit === undefined),
      'every message is read',
    );
    assert.deepEqual(record(store, 'old1').own, usage(3_000, 300, 0, 0, 0, 0.75));
    assert.deepEqual(record(store, 'old2').own, usage(300, 30, 0, 0, 0, 0.125));
    assert.deepEqual(store.inclusive('old1'), usage(3_300, 330, 0, 0, 0, 0.875));
    assert.deepEqual(record(store, 'new').own, usage(7, 7, 0, 0, 0, 0.5));
  });

  test('are read at most four at a time, and one failure does not stop the others', async () => {
    const store = new SessionStore();
    const infos = [...Array.from({ length: 9 }, (_, i) => sessionInfo({ id: `s${i}` })), sessionInfo({ id: 'broken' })];
    store.loadSnapshot(infos);
    const calls: Array<{ sessionID: string }> = [];
    const data = Object.fromEntries(infos.map((s) => [s.id, [assistant(`m-${s.id}`, s.id, 10, 1, 0.25)]]));
    const { client, state } = fakeClient(data, calls, 20);
    const failed: string[] = [];
    await backfillMessageTotals(infos, () => client, storeSink(store), { concurrency: 4, onError: (id) => failed.push(id) });
    assert.equal(calls.length, 10);
    assert.equal(state.maxActive, 4);
    assert.deepEqual(failed, ['broken']);
    for (let i = 0; i < 9; i++) assert.equal(record(store, `s${i}`).own.cost, 0.25);
  });
});

describe('loadNewestMessages', () => {
  test('asks for the newest N, applies the messages of that session only, skips assistant messages seen live', async () => {
    const store = new SessionStore();
    store.loadSnapshot([sessionInfo({ id: 'S' })]);
    const calls: Array<{ sessionID: string; limit?: number }> = [];
    const { client } = fakeClient(
      {
        S: [
          user('u', 'S'),
          assistant('a1', 'S', 1, 1, 0.5),
          assistant('live', 'S', 5, 5, 0.25),
          assistant('x', 'other', 1, 1, 1),
          { junk: true },
        ],
      },
      calls,
    );
    const sink = storeSink(store, new Set(['live']));
    const applied = await loadNewestMessages(client, 'S', sink, { limit: 20 });
    assert.deepEqual(calls, [{ sessionID: 'S', limit: 20 }]);
    assert.equal(applied, 1);
    assert.deepEqual(
      sink.applied.map((e) => (e.type === 'message.assistant' ? e.info.id : e.type)),
      ['message.user', 'a1'],
    );
  });

  test('a failed request rejects with a readable error', async () => {
    const { client } = fakeClient({}, []);
    await assert.rejects(
      loadNewestMessages(client, 'broken', storeSink(new SessionStore())),
      /Reading messages: the server answered HTTP 500/,
    );
  });
});

test('loadEveryMessage follows x-next-cursor until the last page', async () => {
  const store = new SessionStore();
  store.apply({ type: 'session.upsert', info: sessionInfo({ id: 's' }) });
  const pages: Record<string, { items: unknown[]; next?: string }> = {
    '': { items: [assistant('m3', 's', 30, 3, 0.3), user('u2', 's')], next: 'c1' },
    c1: { items: [assistant('m2', 's', 20, 2, 0.2)], next: 'c2' },
    c2: { items: [assistant('m1', 's', 10, 1, 0.1)] },
  };
  const befores: Array<string | undefined> = [];
  const client = {
    session: {
      messages({ before }: { sessionID: string; limit?: number; before?: string }) {
        befores.push(before);
        const page = pages[before ?? ''];
        const headers = new Headers({ 'content-type': 'application/json', ...(page.next ? { 'x-next-cursor': page.next } : {}) });
        return Promise.resolve({ data: page.items, response: new Response('[]', { headers }) });
      },
    },
  };
  await loadEveryMessage(client, 's', storeSink(store));
  assert.deepEqual(befores, [undefined, 'c1', 'c2']);
  assert.deepEqual([...record(store, 's').messages.keys()].sort(), ['m1', 'm2', 'm3']);
});

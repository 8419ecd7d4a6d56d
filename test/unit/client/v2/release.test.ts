// Events and records of OpenCode 2 releases (2.0.22 → 2.3), in the shapes of 2.0.26's schema (packages/schema/src/
// session-event.ts, session-inbox.ts, session.ts and session-message.ts at commit 1066927, cited per case): queued
// input (`session.inbox.*`), a compaction's own cost (once, whichever of its events and its read-back message comes
// last), the session's `outcome`/`time.idle`/`time.viewed`, the new event and message types, and what a newer
// server sends that nothing here knows (counted as unknown, never as malformed).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { V2EventReader } from '../../../../src/client/v2/events';
import { compactionUsage, readV2Messages } from '../../../../src/client/v2/messages';
import { v2SessionInfo } from '../../../../src/client/v2/records';
import { toolsByTurn, turnStarts } from '../../../../src/client/v2/turns';
import type { StoreEvent } from '../../../../src/store/events';
import { recordSteps } from '../../../../src/store/recordSteps';
import { SessionStore } from '../../../../src/store/sessionStore';

const SES = 'ses_release1';
const tokens = (input: number, output: number) => ({ input, output, reasoning: 0, cache: { read: 0, write: 0 } });
let n = 0;
/** One `/api/event` item: `{id, created, type, data}` (the envelope, unchanged since the older build). */
const item = (type: string, data: Record<string, unknown>, id = `evt_${String(++n).padStart(4, '0')}`) => ({
  id,
  created: 1_000 + n,
  type,
  data: { sessionID: SES, ...data },
});

function read(items: unknown[]) {
  const malformed: string[] = [];
  const unknown: string[] = [];
  const reader = new V2EventReader(
    (k) => malformed.push(k),
    (t) => unknown.push(t),
  );
  return { events: items.flatMap((i) => reader.read(i)), malformed, unknown };
}

function storeWith(events: readonly StoreEvent[], totals = { cost: 0, tokens: tokens(0, 0) }): SessionStore {
  const store = new SessionStore();
  store.apply({ type: 'session.upsert', info: { id: SES, title: '', directory: '/w', time: { created: 0, updated: 0 }, ...totals } });
  for (const e of events) store.apply(e);
  return store;
}

describe('OpenCode 2 releases: queued input (session-event.ts Inbox*, session-inbox.ts)', () => {
  test('a prompt enqueued, then delivered under its id: busy, and the turn starts at its message', () => {
    const { events, malformed, unknown } = read([
      item('session.inbox.enqueued', { inboxID: 'msg_p1', item: { type: 'user', payload: { text: 'hi' }, delivery: 'queue' } }),
      item('session.inbox.delivery.changed', { inboxID: 'msg_p1', delivery: 'steer' }),
      item('session.inbox.delivered', { inboxID: 'msg_p1' }),
    ]);
    assert.deepEqual([malformed, unknown], [[], []]);
    assert.deepEqual(
      events.map((e) => e.type),
      ['session.status', 'message.user'],
    );
    assert.deepEqual(events[1], {
      type: 'message.user',
      sessionID: SES,
      messageID: 'msg_p1',
      created: events[1].type === 'message.user' ? events[1].created : 0,
    });
  });

  test('a cancelled input is known and changes nothing; an enqueued item without its item is malformed', () => {
    const { events, malformed } = read([
      item('session.inbox.cancelled', { inboxID: 'msg_p2' }),
      item('session.inbox.enqueued', { inboxID: 'msg_p3' }),
    ]);
    assert.deepEqual(events, []);
    assert.deepEqual(malformed, ['session.inbox.enqueued']);
  });
});

describe("OpenCode 2 releases: a compaction's own cost, once (Compaction.Ended/Failed, CompactionCompleted)", () => {
  const usage = { cost: 0.0123, tokens: tokens(900, 40) };
  const totalsAfter = { cost: 0.5123, tokens: tokens(1900, 140) };
  const before = { cost: 0.5, tokens: tokens(1000, 100) };

  function compactionSteps(store: SessionStore) {
    return recordSteps(store.get(SES)!).steps.filter((s) => s.message.summary);
  }

  for (const order of ['usage.updated before ended', 'usage.updated after ended'] as const) {
    test(`enqueued, started, ended with its cost (${order}): one step with that cost; the totals are the server's`, () => {
      const ended = item('session.compaction.ended', { reason: 'manual', text: 'sum', recent: '', ...usage });
      const updated = item('session.usage.updated', totalsAfter);
      const { events, malformed, unknown } = read([
        item('session.inbox.enqueued', { inboxID: 'msg_c1', item: { type: 'compaction', payload: {}, delivery: 'steer' } }),
        item('session.inbox.delivered', { inboxID: 'msg_c1' }),
        item('session.compaction.started', { reason: 'manual', recent: '', inputID: 'msg_c1' }),
        ...(order === 'usage.updated before ended' ? [updated, ended] : [ended, updated]),
      ]);
      assert.deepEqual([malformed, unknown], [[], []]);
      const store = storeWith(events, before);
      const steps = compactionSteps(store);
      assert.equal(steps.length, 1);
      assert.equal(steps[0].message.id, 'msg_c1');
      assert.ok(Math.abs(steps[0].usage.cost - usage.cost) < 1e-12, `${steps[0].usage.cost}`);
      assert.equal(steps[0].usage.input, 900);
      assert.equal(store.get(SES)!.own.cost, totalsAfter.cost);
      // Read back later: the compaction message carries the same cost under the same id — still one step.
      const page = readV2Messages(
        {
          data: [
            {
              id: 'msg_c1',
              type: 'compaction',
              status: 'completed',
              reason: 'manual',
              summary: 'sum',
              recent: '',
              time: { created: 5 },
              ...usage,
            },
          ],
        },
        SES,
      )!;
      for (const e of page.events) store.apply(e);
      assert.equal(compactionSteps(store).length, 1);
      assert.deepEqual(page.unbilled, [], 'a compaction with its own cost is not estimated from the totals');
      assert.equal(compactionUsage(totalsAfter, page.billed, page.unbilled), undefined);
    });
  }

  test('an automatic compaction (no inputID): its message is the started event’s id as a message id (message-updater.ts)', () => {
    const { events } = read([
      item('session.compaction.started', { reason: 'auto', recent: '' }, 'evt_auto1'),
      item('session.compaction.ended', { reason: 'auto', text: 's', recent: '', ...usage }),
    ]);
    const store = storeWith(events, before);
    assert.deepEqual(
      compactionSteps(store).map((s) => s.message.id),
      ['msg_auto1'],
    );
  });

  test('a failed compaction is billed too, and is the session’s error', () => {
    const { events } = read([
      item('session.compaction.started', { reason: 'manual', recent: '', inputID: 'msg_c2' }),
      item('session.compaction.failed', { reason: 'manual', error: { type: 'provider', message: 'overloaded' }, ...usage }),
    ]);
    assert.ok(events.some((e) => e.type === 'session.error' && e.message === 'overloaded'));
    assert.equal(compactionSteps(storeWith(events, before)).length, 1);
  });
});

describe('OpenCode 2 releases: records, new events and message types', () => {
  test('Session.Info: outcome, time.idle and time.viewed are read (session.ts)', () => {
    const info = v2SessionInfo({
      id: SES,
      projectID: 'p',
      cost: 1,
      tokens: tokens(1, 1),
      outcome: 'failed',
      time: { created: 1, updated: 2, idle: 3, viewed: 2 },
      location: { directory: '/w' },
    })!;
    assert.equal(info.outcome, 'failed');
    assert.deepEqual([info.time.idle, info.time.viewed], [3, 2]);
    assert.equal(
      v2SessionInfo({ id: SES, time: { created: 1, updated: 2 }, location: { directory: '/w' }, outcome: 'exploded' })!.outcome,
      undefined,
    );
  });

  test('the new events are known: neither unknown nor malformed (session-event.ts Definitions, location.shutdown)', () => {
    const { malformed, unknown } = read([
      item('session.step.streamed', { assistantMessageID: 'msg_a' }),
      item('session.viewed', { idle: 5 }),
      item('session.metadata.updated', { metadata: {} }),
      item('session.permissions', { permissions: [] }),
      item('location.shutdown', {}),
      item('session.execution.interrupted', { reason: 'inactivity' }),
    ]);
    assert.deepEqual([malformed, unknown], [[], []]);
  });

  test('a type nothing here knows is counted as unknown, by name; a known type with a wrong shape stays malformed', () => {
    const { events, malformed, unknown } = read([
      item('session.hologram.projected', { x: 1 }),
      item('session.step.ended', { assistantMessageID: 'msg_a' }),
    ]);
    assert.deepEqual(events, []);
    assert.deepEqual(unknown, ['session.hologram.projected']);
    assert.deepEqual(malformed, ['session.step.ended']);
  });

  test('step.started `started` (dispatch time) is the step’s start', () => {
    const { events } = read([
      item('session.step.started', { assistantMessageID: 'msg_s', agent: 'build', model: { id: 'm', providerID: 'p' }, started: 42 }),
    ]);
    const message = events.find((e) => e.type === 'message.assistant');
    assert.equal(message?.type === 'message.assistant' ? message.info.time?.created : undefined, 42);
  });

  test('messages of type idle and location-switched are known and skipped; an unknown type is counted', () => {
    const unknown: string[] = [];
    const malformed: string[] = [];
    const page = readV2Messages(
      {
        data: [
          { id: 'msg_i', type: 'idle', outcome: 'succeeded', time: { created: 3 } },
          { id: 'msg_l', type: 'location-switched', location: { directory: '/x' }, time: { created: 4 } },
          { id: 'msg_z', type: 'teleport', time: { created: 5 } },
        ],
      },
      SES,
      (k) => malformed.push(k),
      (t) => unknown.push(t),
    )!;
    assert.deepEqual(page.events, []);
    assert.deepEqual(malformed, []);
    assert.deepEqual(unknown, ['message teleport']);
  });
});

describe('OpenCode 2 releases: turns end at idle markers (session.diff in groups/session.ts, Session.Message.Idle)', () => {
  const user = (id: string, created: number) => ({ id, type: 'user', text: id, time: { created } });
  const idle = (id: string, created: number) => ({ id, type: 'idle', outcome: 'succeeded', time: { created } });
  const shell = (created: number, command: string) => ({ id: `msg_sh${created}`, type: 'shell', command, time: { created } });

  test('a prompt steered into a running turn joins it: one turn, its first prompt', () => {
    const messages = [user('msg_1', 1), user('msg_2', 2), idle('msg_i1', 3), user('msg_3', 4), shell(5, 'rm notes.txt')];
    assert.deepEqual(
      turnStarts(messages).map((t) => t.messageID),
      ['msg_1', 'msg_3'],
    );
    assert.deepEqual([...toolsByTurn(messages).keys()], ['msg_1', 'msg_3']);
    assert.deepEqual(toolsByTurn(messages).get('msg_3')?.commands, ['rm notes.txt']);
  });

  test('without any idle marker (the older build), each prompt is its own turn', () => {
    assert.deepEqual(
      turnStarts([user('msg_1', 1), user('msg_2', 2)]).map((t) => t.messageID),
      ['msg_1', 'msg_2'],
    );
  });

  test("a turn's file tools, read from its messages (newest first), count its files on its prompt: Changes are read again", () => {
    const assistant = (id: string, created: number, content: unknown[]) => ({
      id,
      type: 'assistant',
      agent: 'build',
      model: { id: 'm', providerID: 'p' },
      content,
      cost: 0.01,
      tokens: tokens(10, 1),
      time: { created, completed: created + 1 },
    });
    const tool = (name: string, input: Record<string, unknown>) => ({
      type: 'tool',
      id: `call_${name}`,
      name,
      state: { status: 'completed', input },
    });
    const page = readV2Messages(
      {
        data: [
          assistant('msg_a4', 9, [{ type: 'text', text: 'done' }]),
          assistant('msg_a3', 8, [tool('shell', { command: 'ls' })]),
          { id: 'msg_u2', type: 'user', text: 'list', time: { created: 7 } },
          assistant('msg_a2', 6, [
            tool('edit', { filePath: '/w/a.txt' }),
            // A call that failed (denied, say) wrote nothing.
            { ...tool('write', { filePath: '/w/c.txt' }), state: { status: 'error', input: { filePath: '/w/c.txt' } } },
          ]),
          assistant('msg_a1', 5, [tool('write', { filePath: '/w/a.txt' }), tool('write', { filePath: '/w/b.txt' })]),
          { id: 'msg_u1', type: 'user', text: 'write', time: { created: 4 } },
        ],
      },
      SES,
    )!;
    const users = page.events.filter((e) => e.type === 'message.user');
    assert.deepEqual(users, [
      { type: 'message.user', sessionID: SES, messageID: 'msg_u2', created: 7 },
      { type: 'message.user', sessionID: SES, messageID: 'msg_u1', created: 4, changedFiles: 2 },
    ]);
    const store = new SessionStore();
    store.apply({ type: 'session.upsert', info: { id: SES, title: 't', directory: '/w', time: { created: 1, updated: 9 } } });
    for (const e of page.events) store.apply(e);
    assert.equal(store.get(SES)!.userMessages.get('msg_u1')?.changedFiles, 2);
  });
});

// parseV2Event and V2EventReader: recorded OpenCode 1.18.33 `/api/event` items and the event shapes of
// OpenCode's later schema become the store's events; replaying the recorded next-engine stream bills every
// `session.next.step.ended` exactly once, and hostile items are reported, never thrown.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { V2EventReader } from '../../../../src/client/v2/events';
import { readV2History } from '../../../../src/client/v2/messages';
import { v2SessionInfo } from '../../../../src/client/v2/records';
import type { MalformedListener, StoreEvent } from '../../../../src/store/events';
import { recordSteps } from '../../../../src/store/recordSteps';
import { SessionStore } from '../../../../src/store/sessionStore';
import { usageOf, type Usage } from '../../../../src/store/usage';

/** One item, read alone: without the stream's earlier steps, `message.assistant` carries no model or agent. */
const parseV2Event = (raw: unknown, malformed?: MalformedListener): StoreEvent[] => new V2EventReader(malformed).read(raw);
import { prng } from '../../helpers/fuzzEvents';
import { firstOf, v2Item, v2Json, v2Stream } from '../../helpers/v2Fixtures';

const SES = 'ses_df794e885ffeNNZ63UuQWuJ08A';

interface RawStep {
  id: string;
  type: string;
  data: {
    sessionID: string;
    assistantMessageID: string;
    finish: string;
    cost: number;
    tokens: { input: number; output: number; reasoning: number; cache: { read: number; write: number } };
  };
}

function readAll(items: unknown[]): { events: StoreEvent[]; malformed: string[] } {
  const malformed: string[] = [];
  const reader = new V2EventReader((k) => malformed.push(k));
  return { events: items.flatMap((i) => reader.read(i)), malformed };
}

/** Usage straight from the raw JSON, sharing nothing with the parser. */
function rawUsage(step: RawStep): Usage {
  const t = step.data.tokens;
  return {
    input: t.input,
    output: t.output,
    reasoning: t.reasoning,
    cacheRead: t.cache.read,
    cacheWrite: t.cache.write,
    cost: step.data.cost,
  };
}

describe('recorded 1.18.33 items', () => {
  const items = v2Stream('api-event-next-engine.sse');

  test('server.connected, session.created (V1 info) and session.deleted', () => {
    assert.deepEqual(parseV2Event(firstOf(items, 'server.connected')), [{ type: 'server.connected' }]);
    const [created] = parseV2Event(firstOf(items, 'session.created'));
    assert.equal(created.type === 'session.upsert' && created.info.id, SES);
    assert.equal(created.type === 'session.upsert' && created.info.directory, '/home/dev/project');
    assert.deepEqual(parseV2Event(firstOf(items, 'session.deleted')), [
      { type: 'session.deleted', sessionID: 'ses_df7948d1dffeijbMSRHDlgRpVa' },
    ]);
  });

  test('prompt.admitted and prompted make the session busy; prompted also gives the user message its time', () => {
    assert.deepEqual(parseV2Event(firstOf(items, 'session.next.prompt.admitted')), [
      { type: 'session.status', sessionID: SES, status: { type: 'busy' } },
    ]);
    assert.deepEqual(parseV2Event(firstOf(items, 'session.next.prompted')), [
      { type: 'session.status', sessionID: SES, status: { type: 'busy' } },
      { type: 'message.user', sessionID: SES, messageID: 'msg_2086b1f720015WendQ1V1PaYuM', created: 1795437567866 },
    ]);
  });

  test('step.started: busy, and the assistant message with its model and agent', () => {
    assert.deepEqual(parseV2Event(firstOf(items, 'session.next.step.started')), [
      { type: 'session.status', sessionID: SES, status: { type: 'busy' } },
      {
        type: 'message.assistant',
        info: {
          id: 'msg_2086b2cfd001sIQioc5dFBOnUO',
          sessionID: SES,
          role: 'assistant',
          cost: 0,
          tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
          modelID: 'MiniMax-M3.1-Flash-Preview',
          providerID: 'minimax-coding-plan',
          agent: 'build',
          time: { created: 1795437571325, completed: undefined },
        },
      },
    ]);
  });

  test('step.ended with finish tool-calls keeps the session busy; with stop it goes idle', () => {
    const ended = items.filter((i) => (i as RawStep).type === 'session.next.step.ended') as RawStep[];
    const toolCalls = parseV2Event(ended.find((s) => s.data.finish === 'tool-calls'));
    assert.deepEqual(
      toolCalls.map((e) => e.type),
      ['message.assistant', 'step.finished'],
    );
    const stop = parseV2Event(ended.find((s) => s.data.finish === 'stop'));
    assert.deepEqual(stop.at(-1), { type: 'session.status', sessionID: SES, status: { type: 'idle' } });
  });

  test('step.failed: the error ({type, message}) and idle, no step billed', () => {
    assert.deepEqual(parseV2Event(firstOf(items, 'session.next.step.failed')), [
      { type: 'session.error', sessionID: SES, name: 'unknown', message: 'HTTP transport failed' },
      { type: 'session.status', sessionID: SES, status: { type: 'idle' } },
    ]);
  });

  test('tool.called and tool.failed run and stop one call, named by tool', () => {
    const partID = 'msg_2086b3830001DkKjJdwONgQ5kt:call_chatcmpl-1';
    assert.deepEqual(parseV2Event(firstOf(items, 'session.next.tool.called')), [
      { type: 'tool.running', sessionID: SES, partID, tool: 'task', running: true, messageID: 'msg_2086b3830001DkKjJdwONgQ5kt' },
    ]);
    const reader = new V2EventReader();
    reader.read(firstOf(items, 'session.next.tool.called'));
    assert.deepEqual(reader.read(firstOf(items, 'session.next.tool.failed')), [
      { type: 'tool.running', sessionID: SES, partID, tool: 'task', running: false, messageID: 'msg_2086b3830001DkKjJdwONgQ5kt' },
    ]);
  });

  test('permission.v2.asked becomes a pending permission (action → permission, resources → patterns, save → always)', () => {
    const asked = firstOf(v2Stream('api-event-permission.sse'), 'permission.v2.asked');
    assert.deepEqual(parseV2Event(asked), [
      {
        type: 'request.asked',
        request: {
          kind: 'permission',
          id: 'per_20868f51a0012yGsdSaZ6q9Byi',
          sessionID: 'ses_df7973260ffeQ9qtjLE6NH6Yhr',
          permission: 'bash',
          patterns: ['echo hi'],
          always: ['echo hi'],
          metadata: {},
          callID: 'call_chatcmpl-3',
          messageID: 'msg_20868f4e3001hLlAcPNySKO6v3',
        },
      },
    ]);
  });

  test('types the store does not read (plugin.added, text.*, context.updated, catalog.updated) give nothing and are not malformed', () => {
    const { malformed } = readAll(items);
    assert.deepEqual(malformed, []);
    for (const type of [
      'plugin.added',
      'session.next.text.delta',
      'session.next.context.updated',
      'catalog.updated',
      'session.next.tool.input.delta',
    ])
      assert.deepEqual(parseV2Event(firstOf(items, type)), []);
  });
});

describe('replaying the recorded next-engine stream', () => {
  test('every step.ended is billed once, with its tokens; the store shows them as steps with model and agent', () => {
    const items = v2Stream('api-event-next-engine.sse');
    const ended = items.filter((i) => (i as RawStep).type === 'session.next.step.ended') as RawStep[];
    assert.equal(ended.length, 3);
    const { events, malformed } = readAll(items);
    assert.deepEqual(malformed, []);
    const finished = events.filter((e) => e.type === 'step.finished');
    assert.deepEqual(
      finished.map((e) => [e.messageID, e.usage]),
      ended.map((s) => [s.data.assistantMessageID, rawUsage(s)]),
    );
    assert.equal(new Set(finished.map((e) => e.partID)).size, 3);

    const store = new SessionStore();
    for (const event of events) store.apply(event);
    const record = store.get(SES);
    assert.ok(record);
    const steps = recordSteps(record).steps;
    assert.deepEqual(
      steps.map((s) => s.usage),
      ended.map(rawUsage),
    );
    assert.ok(steps.every((s) => s.source === 'step' && s.message.modelID === 'alpha' && s.message.providerID === 'scripted'));
    assert.equal(record.status.type, 'idle');
    assert.equal(store.get('ses_df7948d1dffeijbMSRHDlgRpVa'), undefined);
  });

  test('history replayed after the live stream replaces its steps instead of adding them', () => {
    const live = readAll(v2Stream('api-event-permission.sse'));
    assert.deepEqual(live.malformed, []);
    const store = new SessionStore();
    const info = v2SessionInfo((v2Json('api-session-get.json') as { data: unknown }).data);
    assert.ok(info);
    store.loadSnapshot([info]);
    for (const event of live.events) store.apply(event);
    for (const event of readV2History(v2Json('api-session-history.json')).events) store.apply(event);
    const record = store.get(info.id);
    assert.ok(record);
    assert.deepEqual(
      recordSteps(record).steps.map((s) => s.usage),
      [usageOf({ input: 2000, output: 150 }, 0)],
    );
    // The live stream left it waiting on the bash permission.
    assert.equal(record.requests.size, 1);
    assert.equal(record.status.type, 'busy');
  });
});

describe('opencode 2.x shapes', () => {
  // packages/schema/src/session-event.ts@0313097: the `next.` is gone; tool.called has no tool name.
  test('session.step.started / ended / failed (session-event.ts@0313097)', () => {
    const reader = new V2EventReader();
    const created = 1_800_000_000_000;
    reader.read(
      v2Item(
        'session.step.started',
        { sessionID: 's', assistantMessageID: 'm1', agent: 'plan', model: { id: 'gpt', providerID: 'openai', variant: 'high' } },
        { created },
      ),
    );
    const tokens = { input: 10, output: 5, reasoning: 2, cache: { read: 100, write: 7 } };
    const ended = v2Item(
      'session.step.ended',
      { sessionID: 's', assistantMessageID: 'm1', finish: 'stop', cost: 0.25, tokens },
      { created: created + 5, durable: { aggregateID: 's', seq: 4, version: 1 } },
    );
    assert.deepEqual(reader.read(ended), [
      {
        type: 'message.assistant',
        info: {
          id: 'm1',
          sessionID: 's',
          role: 'assistant',
          cost: 0.25,
          tokens,
          modelID: 'gpt',
          providerID: 'openai',
          agent: 'plan',
          time: { created, completed: created + 5 },
        },
      },
      {
        type: 'step.finished',
        sessionID: 's',
        messageID: 'm1',
        // One step per assistant message on 2.x, named after it: the same live and when the messages are read back.
        partID: 'm1:step',
        usage: { input: 10, output: 5, reasoning: 2, cacheRead: 100, cacheWrite: 7, cost: 0.25 },
      },
      { type: 'session.status', sessionID: 's', status: { type: 'idle' } },
    ]);
    // A failed step may bill what it used (cost and tokens optional there).
    const failed = reader.read(
      v2Item('session.step.failed', {
        sessionID: 's',
        assistantMessageID: 'm2',
        error: { type: 'provider', message: 'overloaded' },
        cost: 0.1,
        tokens,
      }),
    );
    assert.deepEqual(
      failed.map((e) => e.type),
      ['message.assistant', 'step.finished', 'session.error', 'session.status'],
    );
  });

  test('session.execution.* give the status (session-event.ts@0313097)', () => {
    const s = (type: string, data: Record<string, unknown> = {}) => parseV2Event(v2Item(type, { sessionID: 's', ...data }));
    assert.deepEqual(s('session.execution.started'), [{ type: 'session.status', sessionID: 's', status: { type: 'busy' } }]);
    assert.deepEqual(s('session.execution.succeeded'), [{ type: 'session.status', sessionID: 's', status: { type: 'idle' } }]);
    assert.deepEqual(s('session.execution.interrupted', { reason: 'user' }), [
      { type: 'session.status', sessionID: 's', status: { type: 'idle' } },
    ]);
    assert.deepEqual(s('session.execution.failed', { error: { type: 'unknown', message: 'boom' } }), [
      { type: 'session.error', sessionID: 's', name: 'unknown', message: 'boom' },
      { type: 'session.status', sessionID: 's', status: { type: 'idle' } },
    ]);
    assert.deepEqual(s('session.input.admitted', { inputID: 'msg_1' }), [
      { type: 'session.status', sessionID: 's', status: { type: 'busy' } },
    ]);
  });

  test('tool name from tool.input.started when tool.called has none (session-event.ts@0313097)', () => {
    const reader = new V2EventReader();
    const base = { sessionID: 's', assistantMessageID: 'm', callID: 'c1' };
    assert.deepEqual(reader.read(v2Item('session.tool.input.started', { ...base, name: 'edit' })), []);
    assert.deepEqual(reader.read(v2Item('session.tool.called', { ...base, input: {}, executed: true })), [
      { type: 'tool.running', sessionID: 's', partID: 'm:c1', tool: 'edit', running: true, messageID: 'm' },
    ]);
    assert.deepEqual(reader.read(v2Item('session.tool.success', { ...base, executed: true })), [
      { type: 'tool.running', sessionID: 's', partID: 'm:c1', tool: 'edit', running: false, messageID: 'm' },
    ]);
  });

  test('session.compaction.ended is a compaction (session-event.ts@0313097)', () => {
    assert.deepEqual(parseV2Event(v2Item('session.compaction.ended', { sessionID: 's', reason: 'manual', text: 'x', recent: 'y' })), [
      { type: 'session.compacted', sessionID: 's' },
    ]);
  });

  test('session.created/updated with a V2 session (location.directory), session.deleted with only sessionID (session.ts@a2cc772)', () => {
    const info = {
      id: 's',
      projectID: 'p',
      cost: 0,
      tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
      time: { created: 1, updated: 2 },
      title: 't',
      location: { directory: '/w' },
    };
    const [created] = parseV2Event(v2Item('session.updated', { sessionID: 's', info }));
    assert.equal(created.type === 'session.upsert' && created.info.directory, '/w');
    const [bare] = parseV2Event(v2Item('session.created', info));
    assert.equal(bare.type === 'session.upsert' && bare.info.id, 's');
    assert.deepEqual(parseV2Event(v2Item('session.deleted', { sessionID: 's' })), [{ type: 'session.deleted', sessionID: 's' }]);
    assert.deepEqual(parseV2Event(v2Item('session.deleted', {}, { durable: { aggregateID: 's2', seq: 9, version: 2 } })), [
      { type: 'session.deleted', sessionID: 's2' },
    ]);
  });

  test('the V1 session.created / session.error / permission.asked the public stream still carries (packages/schema/src/session-v1.ts@d9e62dc, event-manifest.ts@014a439)', () => {
    const info = { id: 's', slug: 'x', projectID: 'p', directory: '/d', title: 't', version: '2.0.20', time: { created: 1, updated: 2 } };
    const [created] = parseV2Event(v2Item('session.created', { sessionID: 's', info }));
    // `created`: made just now, so nothing hangs below it (a tree listed by parent need not read its children).
    assert.deepEqual(created, {
      type: 'session.upsert',
      info: { id: 's', slug: 'x', projectID: 'p', directory: '/d', title: 't', version: '2.0.20', time: { created: 1, updated: 2 } },
      created: true,
    });
    assert.deepEqual(
      parseV2Event(
        v2Item('session.error', { sessionID: 's', error: { name: 'APIError', data: { message: 'rate limited', isRetryable: true } } }),
      ),
      [{ type: 'session.error', sessionID: 's', name: 'APIError', message: 'rate limited' }],
    );
    assert.deepEqual(
      parseV2Event(
        v2Item('permission.asked', { id: 'per_1', sessionID: 's', permission: 'bash', patterns: ['ls'], always: ['ls *'], metadata: {} }),
      ),
      [
        {
          type: 'request.asked',
          request: {
            kind: 'permission',
            id: 'per_1',
            sessionID: 's',
            permission: 'bash',
            patterns: ['ls'],
            always: ['ls *'],
            metadata: {},
          },
        },
      ],
    );
  });

  test('permission.v2.replied and question.v2.asked / replied / rejected (permission.ts@047544f, question.ts@29df752)', () => {
    assert.deepEqual(parseV2Event(v2Item('permission.v2.replied', { sessionID: 's', requestID: 'per_1', reply: 'once' })), [
      { type: 'request.closed', sessionID: 's', id: 'per_1' },
    ]);
    const questions = [{ question: 'Which?', header: 'H', options: [{ label: 'A', description: 'a' }], custom: false }];
    assert.deepEqual(
      parseV2Event(v2Item('question.v2.asked', { id: 'que_1', sessionID: 's', questions, tool: { messageID: 'm', callID: 'c' } })),
      [
        {
          type: 'request.asked',
          request: {
            kind: 'question',
            id: 'que_1',
            sessionID: 's',
            questions: [{ question: 'Which?', header: 'H', options: [{ label: 'A', description: 'a' }], multiple: false, custom: false }],
          },
        },
      ],
    );
    assert.deepEqual(parseV2Event(v2Item('question.v2.replied', { sessionID: 's', requestID: 'que_1', answers: [['A']] })), [
      { type: 'request.closed', sessionID: 's', id: 'que_1' },
    ]);
    assert.deepEqual(parseV2Event(v2Item('question.v2.rejected', { sessionID: 's', requestID: 'que_2' })), [
      { type: 'request.closed', sessionID: 's', id: 'que_2' },
    ]);
  });

  test('session.retry.scheduled (session-event.ts@0313097) and session.next.retried (packages/core/src/session/event.ts@05dca9f) are a retry', () => {
    assert.deepEqual(
      parseV2Event(
        v2Item('session.retry.scheduled', {
          sessionID: 's',
          assistantMessageID: 'm',
          attempt: 2,
          at: 99,
          error: { type: 'provider', message: 'rate limited' },
        }),
      ),
      [{ type: 'session.status', sessionID: 's', status: { type: 'retry', attempt: 2, message: 'rate limited', next: 99 } }],
    );
    assert.deepEqual(
      parseV2Event(v2Item('session.next.retried', { sessionID: 's', attempt: 1, error: { message: 'x', isRetryable: true } })),
      [{ type: 'session.status', sessionID: 's', status: { type: 'retry', attempt: 1, message: 'x', next: 0 } }],
    );
  });

  test('session.status with waiting (packages/schema/src/session-status-event.ts@2ce564b) is busy', () => {
    assert.deepEqual(parseV2Event(v2Item('session.status', { sessionID: 's', status: { type: 'waiting' } })), [
      { type: 'session.status', sessionID: 's', status: { type: 'busy' } },
    ]);
  });

  test('session.status, if a server sends it, with running or the V1 statuses', () => {
    assert.deepEqual(parseV2Event(v2Item('session.status', { sessionID: 's', status: { type: 'running' } })), [
      { type: 'session.status', sessionID: 's', status: { type: 'busy' } },
    ]);
    assert.deepEqual(parseV2Event(v2Item('session.status', { sessionID: 's', status: { type: 'idle' } })), [
      { type: 'session.status', sessionID: 's', status: { type: 'idle' } },
    ]);
  });
});

describe('what a live item tells the stream besides its events (readLive)', () => {
  const live = (type: string, data: Record<string, unknown>) => new V2EventReader().readLive(v2Item(type, data));

  test('a record changed without being carried (renamed, forked, the end of a run) settles its session', () => {
    for (const type of [
      'session.renamed',
      'session.forked',
      'session.next.moved',
      'session.revert.committed',
      'session.execution.succeeded',
    ]) {
      const reading = live(type, { sessionID: 's', title: 't' });
      assert.deepEqual(reading.settle, ['s'], type);
      assert.equal(reading.requestsStale, false, type);
    }
    // The totals' event is read and settles; one whose figures are unreadable still settles (the record is the server's).
    assert.deepEqual(live('session.usage.updated', { sessionID: 's', cost: 1, tokens: { input: 1 } }).settle, ['s']);
    assert.deepEqual(live('session.usage.updated', { sessionID: 's' }), { events: [], settle: ['s'], running: [], requestsStale: false });
    assert.deepEqual(live('session.renamed', { title: 'no session' }).settle, [], 'no session named: nothing to settle');
  });

  test('an ended step or an error settles its session; a status other than idle says it runs', () => {
    const base = { sessionID: 's', assistantMessageID: 'm', finish: 'stop', cost: 0, tokens: { input: 1, output: 1 } };
    const ended = live('session.step.ended', base);
    assert.deepEqual(ended.settle, ['s'], 'the step billed');
    assert.deepEqual(ended.running, []);
    const started = live('session.step.started', { sessionID: 's', assistantMessageID: 'm' });
    assert.deepEqual([started.settle, started.running], [[], ['s']]);
    const failed = live('session.execution.failed', { sessionID: 's', error: { type: 'unknown', message: 'boom' } });
    assert.deepEqual([failed.settle, failed.running], [['s', 's'], []], 'the run ended (a record change), then its error');
  });

  test('location.shutdown marks the pending requests stale and gives the store nothing', () => {
    assert.deepEqual(live('location.shutdown', { directory: '/w' }), { events: [], settle: [], running: [], requestsStale: true });
    assert.equal(live('session.idle', { sessionID: 's' }).requestsStale, false);
  });

  test('read gives the same events as readLive', () => {
    const item = v2Item('session.step.started', { sessionID: 's', assistantMessageID: 'm' });
    assert.deepEqual(new V2EventReader().read(item), new V2EventReader().readLive(item).events);
  });
});

describe('hostile items', () => {
  test('known types with broken data are reported under their type; unknown types are ignored', () => {
    const kinds: string[] = [];
    const read = (raw: unknown) => parseV2Event(raw, (k) => kinds.push(k));
    const broken: unknown[] = [
      v2Item('session.created', { info: { id: 's' } }),
      v2Item('session.deleted', {}),
      v2Item('session.next.step.ended', { sessionID: 's', assistantMessageID: 'm', finish: 'stop' }),
      v2Item('session.next.step.started', { sessionID: 's' }),
      v2Item('session.next.tool.called', { sessionID: 's', assistantMessageID: 'm' }),
      v2Item('permission.v2.asked', { id: 'per_1', action: 'bash' }),
      v2Item('question.v2.asked', { id: 'que_1', sessionID: 's', questions: 'x' }),
      v2Item('question.v2.replied', { sessionID: 's' }),
      v2Item('session.status', { sessionID: 's', status: { type: 'asleep' } }),
      { id: 'e', type: 'session.next.prompted', data: 'x' },
    ];
    for (const raw of broken) assert.deepEqual(read(raw), [], JSON.stringify(raw));
    assert.deepEqual(
      kinds,
      broken.map((b) => (b as { type: string }).type),
    );
    kinds.length = 0;
    for (const raw of [null, 'data', 7, [], { type: 3 }, {}]) assert.deepEqual(read(raw), []);
    assert.deepEqual(read(v2Item('made.up', { sessionID: 's' })), []);
    assert.deepEqual(kinds, ['unreadable', 'unreadable', 'unreadable', 'unreadable', 'unreadable', 'unreadable']);
  });

  test('wrong amounts bill as zero: strings, NaN, negatives', () => {
    const [, step] = parseV2Event(
      v2Item('session.next.step.ended', {
        sessionID: 's',
        assistantMessageID: 'm',
        finish: 'stop',
        cost: 'a lot',
        tokens: { input: -5, output: NaN, reasoning: '3', cache: 'x' },
      }),
    );
    assert.deepEqual(step.type === 'step.finished' && step.usage, {
      input: 0,
      output: 0,
      reasoning: 0,
      cacheRead: 0,
      cacheWrite: 0,
      cost: 0,
    });
  });

  test('recorded items with every data field replaced by wrong values never throw (seeded)', () => {
    const WRONG: unknown[] = [null, undefined, 0, -1, NaN, Infinity, '12', '', true, [], {}, [1, 2], { type: 'running' }];
    const base = [...v2Stream('api-event-next-engine.sse'), ...v2Stream('api-event-permission.sse')].filter(
      (i) => (i as { type?: string }).type !== 'plugin.added',
    ) as Array<{ data: Record<string, unknown> }>;
    const random = prng(20);
    const reader = new V2EventReader(() => undefined);
    for (let round = 0; round < 2000; round++) {
      const item = structuredClone(base[Math.floor(random() * base.length)]);
      const keys = Object.keys(item.data);
      const key = keys[Math.floor(random() * keys.length)];
      if (key !== undefined) item.data[key] = WRONG[Math.floor(random() * WRONG.length)];
      if (random() < 0.1) (item as Record<string, unknown>).data = WRONG[Math.floor(random() * WRONG.length)];
      assert.doesNotThrow(() => reader.read(item));
    }
  });
});

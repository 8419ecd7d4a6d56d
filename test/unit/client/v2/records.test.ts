// The V2 route readers (pages, sessions, pending requests, active sessions, history) on answers recorded from
// OpenCode 1.18.33 and on the shapes read in OpenCode's source, each case named with its source; hostile
// entries are skipped and counted, never thrown.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readV2History } from '../../../../src/client/v2/messages';
import { readV2Active, readV2Page, readV2Requests, v2SessionInfo } from '../../../../src/client/v2/records';
import { firstOf, v2Json, v2Stream } from '../../helpers/v2Fixtures';

const DIR = '/home/dev/project';
const PARENT = 'ses_df7973260ffeQ9qtjLE6NH6Yhr';
const CHILD = 'ses_df7972b36ffefhpHWs3QSzdeUF';
const zero = { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } };

describe('readV2Page', () => {
  test('recorded 1.18.33: GET /api/session is {data, cursor: {previous, next}}', () => {
    const raw = v2Json('api-session-page.json') as { cursor: { next: string } };
    const page = readV2Page(raw);
    assert.equal(page?.entries.length, 2);
    assert.equal(page?.next, raw.cursor.next);
  });

  test('opencode 2.x packages/server/src/groups/session.ts@83527b4: {data, cursor} with only previous is the last page', () => {
    assert.deepEqual(readV2Page({ data: [{ id: 'a' }], cursor: { previous: 'p' } }), { entries: [{ id: 'a' }] });
  });

  test('opencode packages/opencode/src/server/routes/instance/httpapi/groups/v2/session.ts@36160ef: {items, cursor}', () => {
    assert.deepEqual(readV2Page({ items: [{ id: 'a' }], cursor: { previous: 'p', next: 'n' } }), { entries: [{ id: 'a' }], next: 'n' });
    assert.deepEqual(readV2Page({ items: [], cursor: {} }), { entries: [] });
  });

  test('a null, missing, empty or string cursor', () => {
    assert.deepEqual(readV2Page({ data: [], cursor: { next: null } }), { entries: [] });
    assert.deepEqual(readV2Page({ data: [] }), { entries: [] });
    assert.deepEqual(readV2Page({ data: [], cursor: { next: '' } }), { entries: [] });
    assert.deepEqual(readV2Page({ data: [], cursor: 'abc' }), { entries: [], next: 'abc' });
    assert.deepEqual(readV2Page({ data: [], cursor: { next: 7 } }), { entries: [] });
  });

  test('neither shape: an HTML page, an error body, a V1 array', () => {
    for (const raw of ['<!doctype html>', { _tag: 'ServiceUnavailableError' }, [{ id: 'a' }], null, { data: {} }, { items: 'x' }])
      assert.equal(readV2Page(raw), undefined, JSON.stringify(raw));
  });
});

describe('v2SessionInfo', () => {
  test('recorded 1.18.33: /api/session entries (location.directory, parentID, cost, tokens, model, agent)', () => {
    const page = readV2Page(v2Json('api-session-page.json'));
    const [child, parent] = (page?.entries ?? []).map((e) => v2SessionInfo(e));
    assert.deepEqual(child, {
      id: CHILD,
      parentID: PARENT,
      projectID: 'global',
      title: 'child',
      directory: DIR,
      cost: 0,
      tokens: zero,
      time: { created: 1795437417673, updated: 1795437417673 },
    });
    assert.deepEqual(parent, {
      id: PARENT,
      projectID: 'global',
      title: 'v1 session',
      directory: DIR,
      agent: 'build',
      model: { id: 'alpha', providerID: 'scripted' },
      cost: 0.0048,
      tokens: { input: 1200, output: 80, reasoning: 0, cache: { read: 0, write: 0 } },
      time: { created: 1795437415839, updated: 1795437417660 },
    });
    assert.deepEqual(v2SessionInfo((v2Json('api-session-get.json') as { data: unknown }).data), parent);
  });

  test('recorded 1.18.33: the V1-shaped info of a session.created event', () => {
    const created = firstOf(v2Stream('api-event-next-engine.sse'), 'session.created') as { data: { info: unknown } };
    const info = v2SessionInfo(created.data.info);
    assert.equal(info?.directory, DIR);
    assert.equal(info?.title, 'v2 probe');
    assert.equal(info?.slug, 'shiny-river');
    assert.equal(info?.version, '1.18.33');
  });

  test('opencode 2.x packages/schema/src/session.ts@a2cc772: archived time, revert, workspace and fork', () => {
    const info = v2SessionInfo({
      id: 's',
      parentID: 'p',
      fork: { sessionID: 'p' },
      projectID: 'prj',
      cost: 1.5,
      tokens: { input: 1, output: 2, reasoning: 3, cache: { read: 4, write: 5 } },
      time: { created: 1, updated: 2, archived: 3 },
      title: 't',
      location: { directory: '/w', workspaceID: 'wrk' },
      subpath: 'sub',
      revert: { messageID: 'msg_1', snapshot: 'x' },
    });
    assert.deepEqual(info, {
      id: 's',
      parentID: 'p',
      projectID: 'prj',
      title: 't',
      directory: '/w',
      cost: 1.5,
      tokens: { input: 1, output: 2, reasoning: 3, cache: { read: 4, write: 5 } },
      time: { created: 1, updated: 2, archived: 3 },
      revert: { messageID: 'msg_1' },
      // A fork: its copied messages are not its spending (store/copiedHistory.ts).
      fork: { from: 'p' },
    });
  });

  test('hostile entries: no id, no times, wrong types are skipped or dropped, never thrown', () => {
    for (const raw of [
      null,
      'x',
      [],
      { id: 's' },
      { id: 's', time: { created: '1', updated: 2 } },
      { id: '', time: { created: 1, updated: 2 } },
    ])
      assert.equal(v2SessionInfo(raw), undefined, JSON.stringify(raw));
    const info = v2SessionInfo({
      id: 's',
      parentID: 's',
      title: 7,
      location: 'x',
      cost: 'lots',
      tokens: { input: -5, cache: 'x' },
      model: { id: 3 },
      time: { created: 1, updated: 2 },
    });
    assert.deepEqual(info, { id: 's', title: '', directory: '', cost: 0, tokens: zero, model: {}, time: { created: 1, updated: 2 } });
    assert.equal(v2SessionInfo({ id: 's', location: { directory: 5 }, time: { created: 1, updated: 2 } })?.directory, '');
  });
});

describe('readV2Requests', () => {
  test('recorded 1.18.33: GET /api/session/{id}/permission maps action, resources and save', () => {
    assert.deepEqual(readV2Requests('permission', v2Json('api-session-permission.json')), {
      requests: [
        {
          kind: 'permission',
          id: 'per_20868f51a0012yGsdSaZ6q9Byi',
          sessionID: PARENT,
          permission: 'bash',
          patterns: ['echo hi'],
          always: ['echo hi'],
          metadata: {},
          callID: 'call_chatcmpl-3',
          messageID: 'msg_20868f4e3001hLlAcPNySKO6v3',
        },
      ],
      malformed: 0,
    });
  });

  test('recorded 1.18.33: /api/permission/request and /api/question/request are {location, data}', () => {
    assert.deepEqual(readV2Requests('permission', v2Json('api-permission-request.json')), { requests: [], malformed: 0 });
    assert.deepEqual(readV2Requests('question', v2Json('api-question-request.json')), { requests: [], malformed: 0 });
  });

  test('opencode 2.x packages/schema/src/permission.ts@047544f: metadata and reason; save optional', () => {
    const { requests } = readV2Requests('permission', {
      data: [{ id: 'per_1', sessionID: 's', action: 'edit', resources: ['a.ts'], metadata: { filepath: 'a.ts' }, reason: 'r' }],
    }) ?? { requests: [] };
    assert.deepEqual(requests, [
      {
        kind: 'permission',
        id: 'per_1',
        sessionID: 's',
        permission: 'edit',
        patterns: ['a.ts'],
        always: [],
        metadata: { filepath: 'a.ts' },
      },
    ]);
  });

  test('opencode 2.x packages/schema/src/question.ts@29df752: QuestionV2.Request (custom default true, tool ignored)', () => {
    const raw = {
      data: [
        {
          id: 'que_1',
          sessionID: 's',
          questions: [{ question: 'Which?', header: 'H', options: [{ label: 'A', description: 'a' }], multiple: true }],
          tool: { messageID: 'm', callID: 'c' },
        },
      ],
    };
    assert.deepEqual(readV2Requests('question', raw), {
      requests: [
        {
          kind: 'question',
          id: 'que_1',
          sessionID: 's',
          questions: [{ question: 'Which?', header: 'H', options: [{ label: 'A', description: 'a' }], multiple: true, custom: true }],
        },
      ],
      malformed: 0,
    });
  });

  test('hostile entries are skipped and counted; a body that is no list is undefined', () => {
    const raw = {
      data: [
        null,
        'x',
        { id: 'per_1' },
        { id: 'per_2', sessionID: 's', action: 'bash', resources: 'rm -rf /' },
        { sessionID: 's', action: 'bash' },
      ],
    };
    assert.deepEqual(readV2Requests('permission', raw), {
      requests: [{ kind: 'permission', id: 'per_2', sessionID: 's', permission: 'bash', patterns: [], always: [], metadata: {} }],
      malformed: 4,
    });
    assert.deepEqual(readV2Requests('question', { data: [{ id: 'que_1', sessionID: 's', questions: [] }] }), {
      requests: [],
      malformed: 1,
    });
    for (const body of ['<html>', { data: {} }, null]) assert.equal(readV2Requests('permission', body), undefined);
  });
});

describe('readV2Active', () => {
  test('recorded 1.18.33: {data: {[id]: {type: "running"}}} is busy', async () => {
    assert.deepEqual(await readV2Active(v2Json('api-session-active.json')), { [PARENT]: { type: 'busy' } });
    assert.deepEqual(await readV2Active({ data: {} }), {});
  });

  test('hostile entries are skipped and reported; a body that is no map is undefined', async () => {
    const kinds: string[] = [];
    const statuses = await readV2Active(
      { data: { a: { type: 'running' }, b: 'running', c: { type: 'sleeping' }, d: { type: 'retry', attempt: 2 } } },
      (k) => kinds.push(k),
    );
    assert.deepEqual(statuses, { a: { type: 'busy' }, d: { type: 'retry', attempt: 2, message: '', next: 0 } });
    assert.deepEqual(kinds, ['session.active', 'session.active']);
    const proto = JSON.parse('{"data": {"__proto__": {"type": "running"}}}') as unknown;
    const parsed = await readV2Active(proto, (k) => kinds.push(k));
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
    assert.equal(kinds.length, 3);
    for (const body of ['<html>', { data: [] }, null, []]) assert.equal(await readV2Active(body), undefined);
  });
});

describe('readV2History', () => {
  test('recorded 1.18.33: the one-step prompt keeps its step, its message (with model and agent) and its prompt', () => {
    const kinds: string[] = [];
    const { events, hasMore, lastSeq } = readV2History(v2Json('api-session-history.json'), (k) => kinds.push(k));
    assert.equal(hasMore, false);
    assert.equal(lastSeq, 21);
    assert.deepEqual(kinds, []);
    assert.deepEqual(
      events.map((e) => e.type),
      ['message.user', 'message.assistant', 'message.assistant', 'step.finished'],
    );
    const step = events.find((e) => e.type === 'step.finished');
    assert.deepEqual(step, {
      type: 'step.finished',
      sessionID: PARENT,
      messageID: 'msg_20868dbc2001KnkNrc09sMqwfV',
      // Named after its message, as live (one step per assistant message).
      partID: 'msg_20868dbc2001KnkNrc09sMqwfV:step',
      usage: { input: 2000, output: 150, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0 },
    });
    const message = events.filter((e) => e.type === 'message.assistant').at(-1);
    assert.deepEqual(message?.type === 'message.assistant' && message.info, {
      id: 'msg_20868dbc2001KnkNrc09sMqwfV',
      sessionID: PARENT,
      role: 'assistant',
      cost: 0,
      tokens: { input: 2000, output: 150, reasoning: 0, cache: { read: 0, write: 0 } },
      modelID: 'alpha',
      providerID: 'scripted',
      agent: 'build',
      time: { created: 1795437419458, completed: 1795437419480 },
    });
  });

  test('recorded 1.18.33: no status, tool or request comes out of history', () => {
    const items = v2Stream('api-event-permission.sse');
    const { events } = readV2History({ data: items, hasMore: true });
    assert.deepEqual([...new Set(events.map((e) => e.type))].sort(), ['message.assistant', 'message.user', 'step.finished']);
    assert.equal(readV2History({ data: [], hasMore: true }).hasMore, true);
  });

  test('a body that is no history reports it and yields nothing', () => {
    const kinds: string[] = [];
    assert.deepEqual(
      readV2History('<html>', (k) => kinds.push(k)),
      { events: [], hasMore: false },
    );
    assert.deepEqual(
      readV2History({ data: [null, { type: 'session.next.step.ended', data: {} }], hasMore: 'yes' }, (k) => kinds.push(k)),
      { events: [], hasMore: false },
    );
    assert.deepEqual(kinds, ['history', 'unreadable', 'session.next.step.ended']);
  });
});

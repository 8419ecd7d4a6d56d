// Permission requests and questions: parsed alike from the snapshot lists and the live events, kept per
// session, counted on every ancestor, and read as one plain line.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePermissionRequest, parseQuestionRequest } from '../../../src/client/wire/requests';
import { v2PermissionRequest } from '../../../src/client/v2/records';
import { compareRequests, type PendingRequest } from '../../../src/store/pendingRequest';
import { sessionState } from '../../../src/store/sessionRecord';
import { SessionStore } from '../../../src/store/sessionStore';
import { waitingIn } from '../helpers/waitingIn';
import { oneLine, requestKind, requestSummary } from '../../../src/present/requestText';
import { stateName, stateWords } from '../../../src/present/stateWords';
import * as f from '../helpers/factories';
import { feed, record, sessionEvent, sessionInfo } from '../helpers/factories';

const created = (id: string, parentID?: string) => sessionEvent('session.created', sessionInfo({ id, parentID }));
const permission = (id: string, sessionID: string, metadata: Record<string, unknown> = { command: 'echo hi' }): PendingRequest =>
  parsePermissionRequest({ id, sessionID, permission: 'bash', patterns: ['echo hi'], always: ['echo *'], metadata })!;
const question = (id: string, sessionID: string, text = 'Which database?'): PendingRequest =>
  parseQuestionRequest({
    id,
    sessionID,
    questions: [{ question: text, header: 'DB', options: [{ label: 'Postgres', description: '' }] }],
  })!;

function tree(): SessionStore {
  const s = new SessionStore();
  feed(s, created('root'), created('child', 'root'), created('grandchild', 'child'), created('other'));
  return s;
}

describe('pending requests in the store', () => {
  test('a snapshot lists what already waits: the session waits, every ancestor counts it', () => {
    const s = new SessionStore();
    const infos = ['root', 'child', 'grandchild', 'other'].map((id, i) =>
      sessionInfo({ id, parentID: [undefined, 'root', 'child', undefined][i] }),
    );
    // A session that waits is busy (OpenCode's status says only that).
    s.loadSnapshot(infos, { grandchild: { type: 'busy' }, root: { type: 'busy' } }, [
      permission('per_2', 'grandchild'),
      question('que_1', 'root'),
    ]);
    assert.equal(sessionState(record(s, 'grandchild')), 'waiting');
    assert.equal(waitingIn(s, 'grandchild'), 1);
    assert.equal(waitingIn(s, 'child'), 1);
    assert.equal(waitingIn(s, 'root'), 2, 'its own question and the grandchild’s permission');
    assert.equal(waitingIn(s, 'other'), 0);
    assert.deepEqual(
      s.pendingRequests().map((r) => r.id),
      ['que_1', 'per_2'],
      'oldest first, across kinds',
    );
  });

  test('asked and closed live: the row and every ancestor change', () => {
    const s = tree();
    const asked = feed(s, f.permissionAskedEvent('grandchild', 'per_1'));
    assert.deepEqual([...asked.changed].sort(), ['child', 'grandchild', 'root']);
    const closed = feed(s, f.permissionRepliedEvent('grandchild', 'per_1'));
    assert.deepEqual([...closed.changed].sort(), ['child', 'grandchild', 'root']);
    assert.equal(waitingIn(s, 'root'), 0);
  });

  test('a question answered or rejected elsewhere closes it', () => {
    const s = tree();
    feed(
      s,
      f.questionAskedEvent('child', 'que_1', [{ question: 'A or B?', header: '', options: [] }]),
      f.questionAskedEvent('child', 'que_2', [{ question: 'C?', header: '', options: [] }]),
    );
    assert.equal(waitingIn(s, 'child'), 2);
    feed(s, { payload: { type: 'question.replied', properties: { sessionID: 'child', requestID: 'que_1', answers: [['A']] } } });
    feed(s, { payload: { type: 'question.rejected', properties: { sessionID: 'child', requestID: 'que_2' } } });
    assert.equal(sessionState(record(s, 'child')), 'idle');
  });

  test('a reconnect snapshot drops what was answered while offline and adds what was asked', () => {
    const s = tree();
    feed(s, f.busy('child'), f.permissionAskedEvent('child', 'per_1'));
    const infos = [...s.all()].map((r) => r.info);
    const change = s.loadSnapshot(infos, { child: { type: 'busy' }, grandchild: { type: 'busy' } }, [permission('per_9', 'grandchild')]);
    assert.deepEqual([...record(s, 'child').requests.keys()], []);
    assert.deepEqual([...record(s, 'grandchild').requests.keys()], ['per_9']);
    assert.ok(change.changed.has('root'), 'the ancestors’ counts are redrawn');
  });

  test('replaceRequests: the server’s list is the truth; an unchanged list changes nothing', () => {
    const s = tree();
    feed(s, f.busy('child'), f.permissionAskedEvent('child', 'per_1'));
    assert.equal(s.replaceRequests([permission('per_1', 'child')]).changed.size, 0);
    const change = s.replaceRequests([]);
    assert.deepEqual([...change.changed].sort(), ['child', 'root']);
    assert.equal(sessionState(record(s, 'child')), 'busy');
  });

  test('a directory whose lists could not be read keeps what its sessions waited on', () => {
    const s = new SessionStore();
    const a = sessionInfo({ id: 'a', directory: '/one' });
    const b = sessionInfo({ id: 'b', directory: '/two' });
    s.loadSnapshot([a, b], { a: { type: 'busy' }, b: { type: 'busy' } }, [permission('per_1', 'a'), permission('per_2', 'b')]);
    s.replaceRequests([], ['/two']);
    assert.deepEqual(
      s.pendingRequests().map((r) => r.id),
      ['per_2'],
      '/one was read (nothing waits), /two was not',
    );
    const change = s.loadSnapshot([a, b], { b: { type: 'busy' } }, [], ['/two']);
    assert.deepEqual(
      s.pendingRequests().map((r) => r.id),
      ['per_2'],
    );
    assert.equal(change.requests, false, 'nothing came or went');
  });

  test('requests of sessions the server does not list are ignored, not kept', () => {
    const s = tree();
    s.replaceRequests([permission('per_1', 'nowhere')]);
    assert.deepEqual(s.pendingRequests(), []);
  });

  test('idle clears what waited (the request cannot outlive its turn)', () => {
    const s = tree();
    feed(s, f.busy('grandchild'), f.permissionAskedEvent('grandchild', 'per_1'));
    const change = feed(s, f.idle('grandchild'));
    assert.equal(waitingIn(s, 'root'), 0);
    assert.ok(change.changed.has('root'));
  });
});

describe('parsing requests', () => {
  test('malformed entries are skipped, bad fields defaulted', () => {
    assert.equal(parsePermissionRequest(null), undefined);
    assert.equal(parsePermissionRequest({ id: 'per_1' }), undefined);
    assert.deepEqual(parsePermissionRequest({ id: 'per_1', sessionID: 's', permission: 3, patterns: [1, 'a'], metadata: 'x' }), {
      kind: 'permission',
      id: 'per_1',
      sessionID: 's',
      permission: 'permission',
      patterns: ['a'],
      always: [],
      metadata: {},
    });
    assert.equal(parseQuestionRequest({ id: 'que_1', sessionID: 's', questions: [] }), undefined);
    const q = parseQuestionRequest({
      id: 'que_1',
      sessionID: 's',
      questions: [{ question: 'Q', options: [null, { label: '' }, { label: 'Yes' }], custom: false }],
    });
    assert.deepEqual(q?.kind === 'question' && q.questions[0], {
      question: 'Q',
      header: '',
      options: [{ label: 'Yes', description: '' }],
      multiple: false,
      custom: false,
    });
  });

  test('oldest first by the time part of the id, whatever the prefix', () => {
    const list = [permission('per_0003', 's'), question('que_0001', 's'), permission('per_0002', 's')];
    assert.deepEqual(
      list.sort(compareRequests).map((r) => r.id),
      ['que_0001', 'per_0002', 'per_0003'],
    );
  });
});

describe('how a request reads', () => {
  test('the command, file or URL it wants, from its metadata', () => {
    assert.equal(requestSummary(permission('per_1', 's', { command: 'npm test' })), 'Run: npm test');
    const edit = parsePermissionRequest({
      id: 'p',
      sessionID: 's',
      permission: 'edit',
      patterns: ['src/a.ts'],
      metadata: { filepath: '/w/src/a.ts' },
    })!;
    assert.equal(requestSummary(edit), 'Edit: /w/src/a.ts');
    const fetch = parsePermissionRequest({ id: 'p', sessionID: 's', permission: 'webfetch', patterns: ['https://x.test'], metadata: {} })!;
    assert.equal(requestSummary(fetch), 'Fetch: https://x.test', 'falls back to the patterns');
    const custom = parsePermissionRequest({ id: 'p', sessionID: 's', permission: 'mcp_tool', patterns: [], metadata: {} })!;
    assert.equal(requestSummary(custom), 'Allow mcp_tool');
    assert.equal(requestKind(edit), 'edit permission');
  });

  test("OpenCode 2's shell action reads as a command to run (recorded permission.asked, opencode2-server fixtures)", () => {
    const shell = v2PermissionRequest({
      id: 'per_1',
      sessionID: 's',
      action: 'shell',
      resources: ['echo hello'],
      save: ['echo *'],
      source: { type: 'tool', messageID: 'msg_1', id: 'call_5' },
    })!;
    assert.equal(requestSummary(shell), 'Run: echo hello');
    assert.equal(requestKind(shell), 'shell permission');
  });

  test('a question reads as its text, with how many more follow', () => {
    const q = parseQuestionRequest({
      id: 'q',
      sessionID: 's',
      questions: [
        { question: 'First?', options: [] },
        { question: 'Second?', options: [] },
      ],
    })!;
    assert.equal(requestSummary(q), 'First? (+1 more)');
    assert.equal(requestKind(q), 'question');
  });

  test('one line, with no bidi overrides, zero-width or control characters, cut to length', () => {
    assert.equal(oneLine('rm -rf /\n\n# \u202egnp.exe\u200b\u0007 ok'), 'rm -rf / # gnp.exe ok');
    assert.equal(oneLine('x'.repeat(500)).length, 200);
  });

  test('state words are the same everywhere', () => {
    const s = tree();
    feed(s, f.busy('child'));
    assert.equal(stateWords(stateName(record(s, 'child'), true)), 'working');
    feed(s, f.permissionAskedEvent('child', 'per_1'));
    assert.equal(stateWords(stateName(record(s, 'child'), true)), 'waiting for you');
    assert.equal(stateName(record(s, 'child'), false), 'offline');
    feed(s, f.retry('root', 1));
    assert.equal(stateName(record(s, 'root'), true), 'retrying');
  });
});

// The release-shape adapter's rules (test/harness/release/), fed what OpenCode 1.18.33 really answered
// (test/fixtures/release/: its `/global/event` stream, a session's messages and a question, recorded with the
// scripted model) and checked against the shapes of OpenCode 2 releases (../shared reference, copied where used:
// the recorded older build's form in test/fixtures/opencode2/form-get.json) and read back by the extension's own
// V2 readers with nothing malformed or unknown.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RouteTable } from '../../../src/client/v2/openApiRoutes';
import { documentOffersPairing } from '../../../src/client/v2/pairing';
import { V2Contract } from '../../../src/client/v2/contract';
import { V2EventReader } from '../../../src/client/v2/events';
import { parseForm } from '../../../src/client/v2/forms';
import { readV2Messages } from '../../../src/client/v2/messages';
import { v2PermissionRequest } from '../../../src/client/v2/records';
import type { StoreEvent } from '../../../src/store/events';
import { repoRoot } from '../../harness/paths';
import { ReleaseEvents, type ReleaseEvent, type V1Event } from '../../harness/release/releaseEvents';
import {
  pageOf,
  releaseAction,
  releaseAnswer,
  releaseForm,
  releaseMessages,
  releasePermission,
  releaseSession,
  releaseTitle,
  releaseToolName,
  releaseToolState,
  v1Answers,
  type V1Message,
} from '../../harness/release/releaseRecords';
import { ADAPTER_ROUTES, RESUME_ROUTE, releaseDocument } from '../../harness/release/releaseRoutes';
import { ReleaseLog } from '../../harness/release/releaseLog';

const fixture = (...path: string[]) => readFileSync(join(repoRoot(), 'test', 'fixtures', ...path), 'utf8');
const v1Events = fixture('release', 'v1-global-event.sse')
  .split('\n')
  .filter((line) => line.startsWith('data: '))
  .map((line) => JSON.parse(line.slice(6)) as V1Event);
const v1Messages = JSON.parse(fixture('release', 'v1-messages.json')) as V1Message[];
const v1Question = JSON.parse(fixture('release', 'v1-question.json')) as Record<string, unknown>;

const isRecord = (info: unknown): boolean => typeof info === 'object' && info !== null;

function translated(): ReleaseEvent[] {
  const events = new ReleaseEvents();
  return v1Events.flatMap((e, i) => events.translate(e, 1_000 + i));
}

describe('release shapes: names and records', () => {
  test('2.x names: bash is shell, task is subagent (tool and permission action); a sub-agent title loses its suffix', () => {
    assert.deepEqual(['bash', 'task', 'read', 'question'].map(releaseToolName), ['shell', 'subagent', 'read', 'question']);
    assert.deepEqual(['bash', 'edit', 'external_directory'].map(releaseAction), ['shell', 'edit', 'external_directory']);
    assert.equal(releaseTitle('Inspect files (@general subagent)'), 'Inspect files');
    assert.equal(releaseTitle('Plan (v2) for @me'), 'Plan (v2) for @me');
    assert.equal(releaseSession({ id: 's', title: 'Child (@explore subagent)' }).title, 'Child');
  });

  test('a permission request: {id, sessionID, action, resources, save, source: {type, messageID, id}}, read by the extension', () => {
    const v1 = {
      id: 'per_1',
      sessionID: 'ses_1',
      permission: 'bash',
      patterns: ['echo hi'],
      metadata: { command: 'echo hi' },
      always: ['echo *'],
      tool: { messageID: 'msg_1', callID: 'call_5' },
    };
    const shaped = releasePermission(v1);
    // The recorded 2-line shape (reference: `GET /api/session/{id}/permission`).
    assert.deepEqual(shaped, {
      id: 'per_1',
      sessionID: 'ses_1',
      action: 'shell',
      resources: ['echo hi'],
      save: ['echo *'],
      metadata: { command: 'echo hi' },
      source: { type: 'tool', messageID: 'msg_1', id: 'call_5' },
    });
    const read = v2PermissionRequest(shaped);
    assert.deepEqual([read?.permission, read?.patterns, read?.always], ['shell', ['echo hi'], ['echo *']]);
  });

  test('a question is a form of the recorded shape: title "Questions", kind question, q<i> fields, options by label', () => {
    const form = releaseForm(v1Question);
    const recorded = (JSON.parse(fixture('opencode2', 'form-get.json')) as { data: Record<string, unknown> }).data;
    assert.deepEqual(Object.keys(form).sort(), Object.keys(recorded).sort());
    assert.equal(form.title, recorded.title);
    assert.deepEqual(form.metadata, { kind: 'question', tool: { messageID: 'msg_219054522001YfIgrqvb3l8vm9', id: 'call_chatcmpl-7' } });
    const [colour, sizes] = form.fields as Array<Record<string, unknown>>;
    assert.deepEqual(Object.keys(colour).sort(), Object.keys((recorded.fields as object[])[0]).sort());
    assert.deepEqual(
      [colour.key, colour.title, colour.description, colour.type, colour.custom],
      ['q0', 'Colour', 'Which colour?', 'string', true],
    );
    assert.deepEqual(colour.options, [
      { value: 'Red', label: 'Red', description: 'warm' },
      { value: 'Blue', label: 'Blue', description: 'cool' },
    ]);
    assert.deepEqual([sizes.key, sizes.type], ['q1', 'multiselect']);
    const parsed = parseForm(form);
    assert.deepEqual(
      parsed?.fields.map((f) => [f.key, f.type]),
      [
        ['q0', 'string'],
        ['q1', 'multiselect'],
      ],
    );
  });

  test("a form's answer and 1.x's answers, both ways; an unanswered field is empty", () => {
    const form = releaseForm(v1Question);
    assert.deepEqual(v1Answers(form, { q0: 'Blue', q1: ['S', 'L'] }), [['Blue'], ['S', 'L']]);
    assert.deepEqual(v1Answers(form, { q1: [] }), [[], []]);
    assert.deepEqual(releaseAnswer(form, [['Blue'], ['S', 'L']]), { q0: 'Blue', q1: ['S', 'L'] });
    assert.deepEqual(releaseAnswer(form, []), { q0: '', q1: [] });
  });

  test('tool states: a result is text content; a sub-agent names sessionID; an edit lists its file; a write says what it did', () => {
    assert.deepEqual(
      releaseToolState('task', { status: 'completed', input: {}, output: 'done', metadata: { sessionId: 'ses_c', model: {} } }),
      { status: 'completed', input: {}, content: [{ type: 'text', text: 'done' }], metadata: { sessionID: 'ses_c', model: {} } },
    );
    const edit = releaseToolState('edit', {
      status: 'completed',
      input: {},
      output: 'Edit applied successfully.',
      metadata: { diff: '@@ -1 +1 @@', filediff: { file: '/w/a.txt', before: 'a', after: 'b', additions: 1, deletions: 1 } },
    });
    assert.deepEqual(edit.metadata, {
      files: [{ file: '/w/a.txt', patch: '@@ -1 +1 @@', additions: 1, deletions: 1, status: 'modified' }],
    });
    const write = (exists: boolean) =>
      releaseToolState('write', {
        status: 'completed',
        input: {},
        output: 'Wrote file successfully.',
        metadata: { filepath: '/w/n.txt', exists },
      });
    assert.deepEqual(write(false).content, [{ type: 'text', text: 'Created file successfully: /w/n.txt' }]);
    assert.deepEqual(write(true).content, [{ type: 'text', text: 'Wrote file successfully: /w/n.txt' }]);
    assert.deepEqual(releaseToolState('bash', { status: 'error', input: {}, error: 'rejected' }), {
      status: 'error',
      input: {},
      error: { type: 'tool', message: 'rejected' },
    });
  });
});

describe('release shapes: messages (session-message.ts) from a recorded 1.18.33 session', () => {
  const messages = releaseMessages(v1Messages);

  test('each user message and step once; the compaction request and its summary are one compaction with its own cost', () => {
    assert.deepEqual(
      messages.map((m) => m.type),
      [
        'user',
        'assistant',
        'user',
        'assistant',
        'assistant',
        'user',
        'assistant',
        'assistant',
        'user',
        'assistant',
        'assistant',
        'compaction',
      ],
    );
    const compaction = messages.at(-1)!;
    assert.deepEqual([compaction.status, compaction.reason, compaction.cost], ['completed', 'manual', 0.0195]);
    assert.equal(compaction.id, 'msg_219054cc2001OOjNGe8Fy77wzU', 'the compaction is the request’s message');
    const delegation = messages[3] as { content: Array<{ type: string; name: string; state: { metadata: Record<string, unknown> } }> };
    assert.equal(delegation.content[0].name, 'subagent');
    assert.match(String(delegation.content[0].state.metadata.sessionID), /^ses_/);
  });

  test('read by the extension: nothing malformed or unknown, the steps billed as 1.18.33 recorded them', () => {
    const malformed: string[] = [];
    const unknown: string[] = [];
    const page = readV2Messages(
      { data: [...messages].reverse(), cursor: { previous: null, next: null } },
      'ses_de6faed19ffeW3CS1SYSKUf40w',
      (k) => malformed.push(k),
      (t) => unknown.push(t),
    )!;
    assert.deepEqual([malformed, unknown], [[], []]);
    const recorded = v1Messages.reduce((sum, m) => sum + (typeof m.info.cost === 'number' ? m.info.cost : 0), 0);
    assert.ok(Math.abs(page.billed.cost - recorded) < 1e-12, `${page.billed.cost} = ${recorded}`);
  });
});

describe('release shapes: events (session-event.ts) from a recorded 1.18.33 stream', () => {
  const items = translated();
  const types = items.map((e) => e.type);

  test('only 2.x types: no session.next.*, no V1 message events, no session.status or session.idle', () => {
    assert.ok(items.length > 0);
    assert.deepEqual(
      types.filter((t) => t.startsWith('message.') || t === 'session.status' || t === 'session.idle' || t.includes('.next.')),
      [],
    );
    for (const t of ['session.inbox.enqueued', 'session.inbox.delivered', 'session.execution.started', 'session.step.started'])
      assert.ok(types.includes(t), t);
    for (const t of ['session.tool.success', 'permission.asked', 'permission.replied', 'form.created', 'form.replied'])
      assert.ok(types.includes(t), t);
    for (const t of ['session.compaction.started', 'session.compaction.ended', 'session.usage.updated', 'session.execution.succeeded'])
      assert.ok(types.includes(t), t);
    for (const e of items) assert.match(e.id, /^evt_[0-9a-f]{12}[0-9A-Za-z]{14}$/);
  });

  test('a run in 2.x order: delivered, started, steps, then succeeded; every step billed once with 1.18.33’s cost', () => {
    const root = String(items.find((e) => e.type === 'session.created' && !e.data.parentID)!.data.sessionID);
    const own = items.filter((e) => e.data.sessionID === root).map((e) => e.type);
    assert.ok(own.indexOf('session.inbox.delivered') < own.indexOf('session.execution.started'));
    assert.ok(own.indexOf('session.step.started') < own.indexOf('session.step.ended'));
    assert.ok(own.indexOf('session.step.ended') < own.indexOf('session.execution.succeeded'));
    const billed = items.filter((e) => e.type === 'session.step.ended').reduce((n, e) => n + Number(e.data.cost), 0);
    const steps = v1Messages.filter((m) => m.info.role === 'assistant' && m.info.summary !== true);
    const own1 = steps.filter((m) => m.info.sessionID === root).reduce((n, m) => n + Number(m.info.cost), 0);
    assert.ok(billed >= own1 - 1e-12, 'the root’s steps are all billed (the child’s come on top)');
  });

  test('a question is form.created with the form, answered as form.replied with its answer', () => {
    const created = items.find((e) => e.type === 'form.created')!;
    assert.deepEqual(created.data.form, releaseForm(v1Question));
    assert.deepEqual(items.find((e) => e.type === 'form.replied')!.data.answer, { q0: 'Blue', q1: ['S', 'L'] });
  });

  test('read by the extension: nothing malformed or unknown; each step and the compaction billed once', () => {
    const malformed: string[] = [];
    const unknown: string[] = [];
    const reader = new V2EventReader(
      (k) => malformed.push(k),
      (t) => unknown.push(t),
    );
    const events: StoreEvent[] = items.flatMap((e) => reader.read(e));
    assert.deepEqual([malformed, unknown], [[], []]);
    const finished = events.filter((e) => e.type === 'step.finished');
    assert.equal(new Set(finished.map((e) => (e.type === 'step.finished' ? e.partID : ''))).size, finished.length);
    // Every assistant message 1.18.33 announced (the root's, the compaction's summary and the sub-agent's).
    const assistants = new Set(
      v1Events
        .map((e) => e.payload.properties?.info as { id?: string; role?: string } | undefined)
        .filter((info) => isRecord(info) && info!.role === 'assistant')
        .map((info) => info!.id),
    );
    assert.equal(finished.length, assistants.size, 'one step per assistant message, the compaction’s included');
  });

  test('a new session is dated when 1.18.33 made it (a read of its record agrees); other events as they come in', () => {
    const created = v1Events.find((e) => e.payload.type === 'session.created')!;
    const [event] = new ReleaseEvents().translate(created, 9e15);
    const info = created.payload.properties!.info as { time: { created: number } };
    assert.equal(event.created, info.time.created);
    const permission = v1Events.find((e) => e.payload.type === 'permission.asked')!;
    assert.equal(new ReleaseEvents().translate(permission, 42)[0].created, 42);
  });

  test('a step ends once 1.x has said what files it changed (its patch part), named in the session’s folder', () => {
    const events = new ReleaseEvents();
    const at = (type: string, properties: Record<string, unknown>) => events.translate({ directory: '/w', payload: { type, properties } });
    const info = { id: 'msg_a', sessionID: 's', role: 'assistant', time: { created: 1 }, modelID: 'm', providerID: 'p', agent: 'build' };
    at('message.updated', { info });
    at('message.part.updated', { part: { id: 'p1', messageID: 'msg_a', sessionID: 's', type: 'step-start' } });
    const finish = { id: 'p2', messageID: 'msg_a', sessionID: 's', type: 'step-finish', reason: 'tool-calls', cost: 0.5, tokens: {} };
    assert.deepEqual(at('message.part.updated', { part: finish }), [], 'not yet: its patch may follow');
    at('message.part.updated', {
      part: { id: 'p3', messageID: 'msg_a', sessionID: 's', type: 'patch', files: ['/w/a.txt', '/elsewhere/b.txt'] },
    });
    const [ended] = at('message.updated', { info: { ...info, time: { created: 1, completed: 2 } } });
    assert.deepEqual([ended.type, ended.data.cost, ended.data.files], ['session.step.ended', 0.5, ['a.txt', '/elsewhere/b.txt']]);
  });

  test('a settled form is kept with its state; an abort ends the run interrupted; a failed run failed', () => {
    const events = new ReleaseEvents();
    const status = (type: string) => ({ payload: { type: 'session.status', properties: { sessionID: 's', status: { type } } } });
    events.translate({ payload: { type: 'question.asked', properties: { ...v1Question, sessionID: 's' } } });
    events.translate({ payload: { type: 'question.rejected', properties: { sessionID: 's', requestID: v1Question.id } } });
    assert.deepEqual(events.settledForm(String(v1Question.id))?.state, { status: 'cancelled' });
    events.translate(status('busy'));
    assert.deepEqual(events.running(), ['s']);
    events.translate({
      payload: { type: 'session.error', properties: { sessionID: 's', error: { name: 'MessageAbortedError', data: {} } } },
    });
    assert.deepEqual(
      events.translate(status('idle')).map((e) => [e.type, e.data.reason]),
      [['session.execution.interrupted', 'user']],
    );
    events.translate(status('busy'));
    events.translate({
      payload: { type: 'session.error', properties: { sessionID: 's', error: { name: 'APIError', data: { message: 'overloaded' } } } },
    });
    assert.deepEqual(
      events.translate(status('idle')).map((e) => [e.type, e.data.error]),
      [['session.execution.failed', { type: 'provider', message: 'overloaded' }]],
    );
    assert.deepEqual(events.running(), []);
  });
});

describe('release shapes: lists and the served document', () => {
  test('pages of {data, cursor}: limit from the cursor on, next null on the last page, a foreign cursor starts over', () => {
    const items = Array.from({ length: 5 }, (_, i) => i);
    const first = pageOf(items, { limit: 2, key: 'k' });
    assert.deepEqual(first.data, [0, 1]);
    assert.equal(first.cursor.previous, null);
    const second = pageOf(items, { limit: 2, cursor: String(first.cursor.next), key: 'k' });
    assert.deepEqual(second.data, [2, 3]);
    const last = pageOf(items, { limit: 2, cursor: String(second.cursor.next), key: 'k' });
    assert.deepEqual([last.data, last.cursor.next], [[4], null]);
    assert.deepEqual(pageOf(items, { limit: 2, cursor: String(second.cursor.next), key: 'other' }).data, [0, 1]);
    assert.deepEqual(pageOf(items, { limit: 999, key: 'k' }).data, items, 'at most 200 a page');
  });

  test("the adapter's document: a release's routes 1.18.33 can back; the per-turn diff, view and the inbox left out", async () => {
    const contract = V2Contract.documented((await RouteTable.read(releaseDocument([], ADAPTER_ROUTES)))!);
    for (const name of ['info', 'sessions', 'active', 'rename', 'delete', 'fork', 'interrupt', 'compact', 'revert', 'unrevert'] as const)
      assert.ok(contract.offers(name), name);
    for (const name of ['messages', 'forms', 'formState', 'formReply', 'permissions'] as const) assert.ok(contract.offers(name), name);
    for (const name of ['diff', 'view', 'inbox', 'questions'] as const) assert.equal(contract.offers(name), false, name);
    assert.deepEqual(contract.route('rename'), { method: 'PATCH', path: '/api/session/{sessionID}' });
    assert.deepEqual(contract.route('unrevert'), { method: 'DELETE', path: '/api/session/{sessionID}/revert' });
    assert.equal(contract.bodyKey('permissionReply', ['decision', 'reply']), 'decision');
    assert.equal(contract.route('formCancel')?.method, 'DELETE');
    assert.ok(documentOffersPairing((await RouteTable.read(releaseDocument([], ADAPTER_ROUTES)))!), 'pairing (releasePairing.ts)');
  });
});

// By default the adapter is a stock 2.x serve (../shared/reference/opencode2-server.md, "Recorded from the real
// servers, November 2026"): its log keeps no event, its document has no `resume`. Both are options.
describe('release shapes: a stock serve by default; retention and resume when asked', () => {
  const event = (sessionID: string, type: string): ReleaseEvent => ({ id: 'evt_x', created: 1, type, data: { sessionID } });
  const turn = (log: ReleaseLog) => {
    for (const type of ['session.created', 'session.execution.started', 'session.step.started', 'session.step.ended'])
      log.record(event('ses_a', type));
    log.record(event('ses_a', 'session.usage.updated'));
    log.record(event('ses_a', 'session.execution.succeeded'));
  };

  test("a stock serve's log: its events still numbered, none kept: only `log.synced` with the latest sequence", () => {
    const log = new ReleaseLog();
    turn(log);
    assert.deepEqual(log.after('ses_a', 0), { events: [], seq: 5 }, 'the usage totals take no number (no `durable`)');
    assert.deepEqual(log.after('ses_a', 3), { events: [], seq: 5 });
    assert.deepEqual(log.after('ses_other', 0), { events: [], seq: 0 });
  });

  test('with retention: the events after `after`, in order', () => {
    const log = new ReleaseLog(true);
    turn(log);
    const { events, seq } = log.after('ses_a', 3);
    assert.deepEqual(
      events.map((e) => [e.type, e.durable?.seq]),
      [
        ['session.step.ended', 4],
        ['session.execution.succeeded', 5],
      ],
    );
    assert.equal(seq, 5);
  });

  test('its document: no `resume` as 2.0.26 (a budget resume is a prompt there); named where asked for', async () => {
    const stock = V2Contract.documented((await RouteTable.read(releaseDocument([], ADAPTER_ROUTES)))!);
    assert.equal(stock.offers('resume'), false);
    assert.equal(V2Contract.documented((await RouteTable.read(releaseDocument()))!).offers('resume'), false, '2.0.26 has none');
    const later = V2Contract.documented((await RouteTable.read(releaseDocument([], new Set([...ADAPTER_ROUTES, RESUME_ROUTE]))))!);
    assert.deepEqual(later.route('resume'), { method: 'POST', path: '/api/session/{sessionID}/resume' });
  });

  test("the adapter's stand-in for resume (one synthetic text part) is no input: no inbox event, no message", () => {
    const events = new ReleaseEvents();
    const at = (payload: V1Event['payload']) => events.translate({ directory: '/w', payload });
    at({ type: 'session.created', properties: { info: { id: 'ses_r', title: 't', directory: '/w', time: { created: 1, updated: 1 } } } });
    const info = { id: 'msg_r', sessionID: 'ses_r', role: 'user', time: { created: 2 } };
    at({ type: 'message.updated', properties: { info } });
    const out = at({
      type: 'message.part.updated',
      properties: { part: { id: 'prt_r', messageID: 'msg_r', sessionID: 'ses_r', type: 'text', text: 'go', synthetic: true } },
    });
    assert.deepEqual(out, []);
    const parts = [{ id: 'prt_r', type: 'text', text: 'go', synthetic: true }];
    assert.deepEqual(releaseMessages([{ info, parts }]), []);
  });
});

// A transcript message drawn before its call's permission wait closed (the tool part completed before the reply's
// event came, or the wait closed late at a reconnect) is drawn again when the wait closes: the store names the call
// in its change, the transcript's messages take it (TranscriptMessages.redraw) and the renderer, from the first
// message that changed, shows the run time without the wait and the wait beside it — drawing that message only.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TranscriptRender } from '../../../src/features/transcripts/transcriptMarkdown';
import { TranscriptMessages } from '../../../src/features/transcripts/transcriptMessages';
import type { PermissionRequest } from '../../../src/store/pendingRequest';
import type { ToolCallRef } from '../../../src/store/sessionRecord';
import { SessionStore } from '../../../src/store/sessionStore';
import type { StoreChange } from '../../../src/store/storeChange';
import { permissionWaitOf } from '../../../src/store/timelineRecord';
import { MAX_CALL_ID, type TranscriptMessage } from '../../../src/store/transcript';
import { ordinaryMessages } from '../../scale/readers/searchShapes';

const SES = 'ses_w';
const header = { title: 'T', server: 'local', directory: '/w', sessionId: SES };
const yieldTo = () => Promise.resolve();

/** The call ran from 1 000 to 10 323 and waited from 1 000 to 10 000 for its permission: 323 ms of its own. */
const RUN = { start: 1_000, end: 10_323 };
const ASKED = 1_000;
const ANSWERED = 10_000;

function shellMessage(id: string, created: number): TranscriptMessage {
  return {
    id,
    sessionID: SES,
    role: 'assistant',
    created,
    parts: [{ kind: 'tool', id: `${id}_prt`, tool: 'shell', status: 'completed', input: '{}', callID: 'call_5', ...RUN }],
  };
}

/** A store with the session, a transcript kept and rendered as the document keeps it, the permission asked. */
async function shown(messages: TranscriptMessage[], call: Partial<PermissionRequest>) {
  let now = ASKED;
  const store = new SessionStore(() => now);
  store.apply({ type: 'session.upsert', info: { id: SES, title: 't', directory: '/w', time: { created: 0, updated: 0 } } });
  store.apply({
    type: 'request.asked',
    request: { kind: 'permission', id: 'per_1', sessionID: SES, permission: 'bash', patterns: [], always: [], metadata: {}, ...call },
  });
  const waited = (ref: ToolCallRef, start: number, end: number) => permissionWaitOf(store.get(SES)!, ref, start, end);
  const render = new TranscriptRender(String, undefined, waited);
  const kept = new TranscriptMessages();
  kept.merge(messages);
  const draw = async () => (await render.update(header, kept.all, {}, yieldTo, kept.takeChanged())).text;
  // The tool part completed and was read before the reply's event came: drawn while the wait was open.
  await draw();
  return {
    render,
    draw,
    /** The reply's event, at ANSWERED; what the store's change names goes to the transcript as the document hands it. */
    answer: async (): Promise<StoreChange> => {
      now = ANSWERED;
      const change = store.apply({ type: 'request.closed', sessionID: SES, id: 'per_1' });
      for (const [session, calls] of change.waits ?? []) if (session === SES) await kept.redraw(calls.values(), yieldTo);
      return change;
    },
  };
}

const toolLine = (text: string) => text.split('\n').find((l) => l.startsWith('### Tool shell'));

describe('a transcript drawn before its call’s permission wait closed', () => {
  test('the message is drawn again: the run time without the wait, and the wait beside it', async () => {
    const transcript = await shown([shellMessage('msg_a', 5)], { callID: 'call_5', messageID: 'msg_a' });
    assert.equal(toolLine(await transcript.draw()), '### Tool shell · completed · 9.3 s', 'the wait still open');
    await transcript.answer();
    assert.equal(toolLine(await transcript.draw()), '### Tool shell · completed · 323 ms (waited 9.0 s for permission)');
  });

  test('in a long transcript, that message alone is drawn again', async () => {
    const many = [...ordinaryMessages(SES, 1_000, 0), shellMessage('msg_a', 500.5)];
    many.sort((a, b) => a.created - b.created);
    const transcript = await shown(many, { callID: 'call_5', messageID: 'msg_a' });
    const before = transcript.render.work.rendered;
    await transcript.answer();
    const text = await transcript.draw();
    assert.match(text, /### Tool shell · completed · 323 ms \(waited 9\.0 s for permission\)/);
    assert.equal(transcript.render.work.rendered - before, 1, 'one message drawn again');
  });

  test('a server that names the call but not its message (or an id cut to MAX_CALL_ID): found by its call', async () => {
    const unnamed = await shown([shellMessage('msg_a', 5), shellMessage('msg_b', 6)], { callID: 'call_5' });
    await unnamed.answer();
    const text = await unnamed.draw();
    assert.equal(text.split('\n').filter((l) => l.endsWith('· 323 ms (waited 9.0 s for permission)')).length, 2, text);

    const long = `msg_${'x'.repeat(300)}`;
    const cut = await shown([shellMessage(long, 5)], { callID: 'call_5', messageID: long.slice(0, MAX_CALL_ID) });
    await cut.answer();
    assert.match(await cut.draw(), /· 323 ms \(waited 9\.0 s for permission\)/);
  });

  test('a wait that closes when its session goes idle (its reply never seen) names its call too', () => {
    let now = ASKED;
    const store = new SessionStore(() => now);
    store.apply({ type: 'session.upsert', info: { id: SES, title: 't', directory: '/w', time: { created: 0, updated: 0 } } });
    store.apply({ type: 'session.status', sessionID: SES, status: { type: 'busy' } });
    const asked = store.apply({
      type: 'request.asked',
      request: {
        kind: 'permission',
        id: 'per_1',
        sessionID: SES,
        permission: 'bash',
        patterns: [],
        always: [],
        metadata: {},
        callID: 'call_5',
        messageID: 'msg_a',
      },
    });
    assert.equal(asked.waits, undefined, 'a wait opened changes no run time');
    now = ANSWERED;
    const idle = store.apply({ type: 'session.status', sessionID: SES, status: { type: 'idle' } });
    assert.deepEqual([...(idle.waits?.get(SES)?.values() ?? [])], [{ callID: 'call_5', messageID: 'msg_a' }]);
  });
});

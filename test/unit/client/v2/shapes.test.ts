// The V2 adapter's readers on what a real OpenCode 2 server sent (test/fixtures/opencode2, recorded from the v2
// branch the suite used to meet: OpenCode's `v2` of 2026-08-07, b6226260): its event stream over a
// prompt, a sub-agent, a permission, a question form, a compaction and two interrupts; a page of messages; its
// model list. What OpenCode recorded is what the store ends up with: no event of the whole stream is malformed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { V2EventReader } from '../../../../src/client/v2/events';
import { compactionUsage, readV2Messages } from '../../../../src/client/v2/messages';
import { readV2PriceCatalog, readV2ProviderNames } from '../../../../src/client/v2/catalogs';
import { turnsFromTools, turnStarts } from '../../../../src/client/v2/turns';
import { readFileDiffs } from '../../../../src/client/wire/fileDiff';
import { WriteCounts } from '../../../../src/client/v2/writes';
import { v2SessionInfo } from '../../../../src/client/v2/records';
import { readV2TranscriptMessages } from '../../../../src/client/v2/transcript';
import { renderTranscript, type PermissionWaits } from '../../../../src/features/transcripts/transcriptMarkdown';
import { permissionWaitOf } from '../../../../src/store/timelineRecord';
import type { StoreEvent } from '../../../../src/store/events';
import { recordSteps } from '../../../../src/store/recordSteps';
import { SessionStore } from '../../../../src/store/sessionStore';
import { repoRoot } from '../../../harness/paths';
import { readSse } from '../../helpers/sse';

const json = (name: string): unknown => JSON.parse(readFileSync(join(repoRoot(), 'test', 'fixtures', 'opencode2', name), 'utf8'));
const stream = readSse('opencode2/prompt-subagent-permission-form.sse').items as Array<{
  type: string;
  created: number;
  data: Record<string, unknown>;
}>;
const PARENT = 'ses_def4b5217ffeFBpTSR3uFOgc0j';
const CHILD = 'ses_def4afcfdffePPSx2nY3wBMqj6';

function replay(): { events: StoreEvent[]; malformed: string[]; store: SessionStore } {
  const malformed: string[] = [];
  const reader = new V2EventReader((kind) => malformed.push(kind));
  const events = stream.flatMap((item) => reader.read(item));
  const store = new SessionStore();
  for (const event of events) store.apply(event);
  return { events, malformed, store };
}

describe('OpenCode 2 (v2 branch, b6226260): the recorded event stream', () => {
  test('nothing in it is malformed', () => {
    assert.deepEqual(replay().malformed, []);
  });

  test('session.created ({sessionID, location, parentID?, title}, no id or time) makes the session at once, nested, at zero', () => {
    const { store } = replay();
    const created = stream.find((i) => i.type === 'session.created' && i.data.sessionID === CHILD)!;
    const child = store.get(CHILD)!;
    assert.equal(child.info.parentID, PARENT);
    assert.equal(child.info.directory, '/home/dev/proj1');
    assert.equal(child.info.title, created.data.title);
    assert.equal(child.info.time.created, created.created);
  });

  test('tool events name the call `id`: the sub-agent call runs, then stops', () => {
    const { events } = replay();
    const tools = events.filter(
      (e): e is Extract<StoreEvent, { type: 'tool.running' }> => e.type === 'tool.running' && e.sessionID === PARENT,
    );
    const first = tools[0];
    assert.equal(first.tool, 'subagent');
    assert.equal(first.running, true);
    assert.ok(
      tools.some((t) => t.partID === first.partID && !t.running),
      'the same call stops',
    );
  });

  test("a user's interrupt (step.failed {type: aborted}, execution.interrupted) is idle, not an error", () => {
    const { events, store } = replay();
    const failed = stream.filter((i) => i.type === 'session.step.failed');
    assert.equal(failed.length, 2);
    assert.deepEqual(
      events.filter((e) => e.type === 'session.error'),
      [],
    );
    assert.equal(store.get(PARENT)!.status.type, 'idle');
    assert.equal(store.get(PARENT)!.lastError, undefined);
  });

  test("every step is billed once, and the compaction's cost is its own step: together they are the session's totals", () => {
    const { store } = replay();
    const record = store.get(PARENT)!;
    const lastTotals = stream.filter((i) => i.type === 'session.usage.updated' && i.data.sessionID === PARENT).at(-1)!;
    const { steps } = recordSteps(record);
    const billed = steps.reduce((n, s) => n + s.usage.cost, 0);
    assert.ok(Math.abs(billed - (lastTotals.data.cost as number)) < 1e-12, `${billed} vs ${String(lastTotals.data.cost)}`);
    assert.equal(record.own.cost, lastTotals.data.cost);
    const compaction = steps.find((s) => s.message.summary);
    assert.ok(compaction && compaction.usage.cost > 0, 'the compaction has a step with its cost');
    const admitted = stream.find((i) => i.type === 'session.compaction.admitted')!;
    assert.equal(compaction.message.id, admitted.data.inputID);
    assert.ok(record.userMessages.get(admitted.data.inputID as string)?.compaction, 'and marks its place');
  });
});

describe('OpenCode 2: a permission names its call (`source: {type: "tool", id}`)', () => {
  test("the transcript gives the recorded shell call's run time less its permission wait, and the wait beside it", () => {
    // The store stamps a wait's ends with its clock: here each event's own time, as a live window would have seen it.
    let now = 0;
    const store = new SessionStore(() => now);
    const reader = new V2EventReader();
    for (const item of stream) {
      now = item.created;
      for (const e of reader.read(item)) store.apply(e);
    }
    const at = (type: string) => stream.find((i) => i.type === type && i.data.sessionID === PARENT)!.created;
    const wait = at('permission.replied') - at('permission.asked');
    const messages = readV2TranscriptMessages((json('messages-all.json') as { data: unknown[] }).data, PARENT);
    const call = messages.flatMap((m) => m.parts).find((p) => p.kind === 'tool' && p.callID === 'call_5');
    assert.ok(call?.kind === 'tool' && call.start !== undefined && call.end !== undefined, 'the shell call, with its times');
    const record = store.get(PARENT)!;
    const shell = { messageID: 'msg_210b53fa4001WZ6V0O3attSBYb', callID: 'call_5' };
    assert.equal(permissionWaitOf(record, shell, call.start, call.end), wait);
    assert.equal(permissionWaitOf(record, { ...shell, messageID: 'msg_later' }, call.start, call.end), undefined, 'call_5 of another step');
    const waited: PermissionWaits = (c, start, end) => permissionWaitOf(record, c, start, end);
    const line = renderTranscript({ title: 'T', server: 's', directory: '/w', sessionId: PARENT }, messages, {
      formatTime: String,
      waited,
    })
      .text.split('\n')
      .find((l) => l.startsWith('### Tool shell'));
    // Recorded: the call ran 9.3 s, of which 9.0 s waited for the answer.
    assert.equal(line, '### Tool shell · completed · 323 ms (waited 9.0 s for permission)');
  });
});

describe('OpenCode 2: a page of /api/session/{id}/message, and the model list', () => {
  const page = json('messages-all.json');

  test('assistant messages are steps with their cost, tokens, model and agent; a compaction marks its place', () => {
    const read = readV2Messages(page, PARENT)!;
    const store = new SessionStore();
    store.apply({ type: 'session.upsert', info: { id: PARENT, title: '', directory: '/w', time: { created: 0, updated: 0 } } });
    for (const e of read.events) store.apply(e);
    const { steps, compactions } = recordSteps(store.get(PARENT)!);
    const raw = (page as { data: Array<{ type: string; cost?: number; model?: { id: string } }> }).data.filter(
      (m) => m.type === 'assistant',
    );
    assert.equal(steps.length, raw.length);
    const sum = (costs: number[]) => costs.reduce((n, c) => n + c, 0);
    assert.ok(Math.abs(sum(steps.map((s) => s.usage.cost)) - sum(raw.map((m) => m.cost ?? 0))) < 1e-12);
    assert.equal(steps[0].message.modelID, raw.at(-1)!.model!.id);
    assert.equal(compactions.length, 1);
    assert.equal(read.unbilled.length, 1);
  });

  test("the compactions' cost is what the session's totals hold beyond its messages", () => {
    const read = readV2Messages(page, PARENT)!;
    const usage = compactionUsage({ cost: read.billed.cost + 0.004, tokens: undefined }, read.billed, read.unbilled);
    assert.equal(usage?.id, read.unbilled[0].id);
    assert.ok(Math.abs(usage.usage.cost - 0.004) < 1e-12);
    assert.equal(compactionUsage({ cost: read.billed.cost }, read.billed, read.unbilled), undefined, 'nothing left over');
    assert.equal(compactionUsage({}, read.billed, read.unbilled), undefined, 'totals unknown');
  });

  test('a listed session (location.directory) reads like a V1 one', () => {
    const entries = (json('list-all.json') as { data: unknown[] }).data;
    const info = v2SessionInfo(entries[1])!;
    assert.equal(info.directory, (entries[1] as { location: { directory: string } }).location.directory);
    assert.equal(info.cost, (entries[1] as { cost: number }).cost);
  });

  test('/api/model prices (USD per million) are a list-price catalog; a model without a base price is left out', async () => {
    const catalog = await readV2PriceCatalog(json('model.json'));
    assert.deepEqual(catalog.models.get('fake/fake-model')?.prices, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    const broken = await readV2PriceCatalog({ data: [{ id: 'm', providerID: 'p', cost: [{ input: 'x', output: 1 }] }] });
    assert.equal(broken.models.size, 0);
    const tiered = await readV2PriceCatalog({
      data: [
        {
          id: 'm',
          providerID: 'p',
          cost: [
            { input: 1, output: 2, cache: { read: 0.1, write: 0 } },
            { tier: { type: 'context', size: 200_000 }, input: 2, output: 4, cache: { read: 0.2, write: 0 } },
          ],
        },
      ],
    });
    assert.deepEqual(tiered.models.get('p/m')?.tiers, [{ input: 2, output: 4, cacheRead: 0.2, cacheWrite: 0, size: 200_000 }]);
  });

  test("/api/provider names the listing's source; its settings (the API key) are not read; no name: the id", async () => {
    const names = await readV2ProviderNames(json('provider.json'));
    assert.deepEqual([...names], [['fake', 'Fake']]);
    assert.equal((await readV2PriceCatalog(json('model.json'), names)).models.get('fake/fake-model')?.providerName, 'Fake');
    assert.equal((await readV2PriceCatalog(json('model.json'))).models.get('fake/fake-model')?.providerName, 'fake');
    assert.ok(!JSON.stringify([...names]).includes('recorded-key'), 'no setting read');
    assert.deepEqual([...(await readV2ProviderNames({ data: [{ id: 'p' }, { id: 'q', name: '  ' }, 'x', null] }))], []);
    assert.deepEqual([...(await readV2ProviderNames('<html>'))], []);
  });
});

describe("OpenCode 2: a session's turns", () => {
  const patch = (file: string) =>
    `Index: ${file}\n===================================================================\n--- ${file}\n+++ ${file}\n@@ -1,1 +1,1 @@\n-a\n+b\n`;
  const messages = [
    { id: 'msg_1', type: 'user', time: { created: 10 }, text: 'edit' },
    {
      id: 'msg_2',
      type: 'assistant',
      time: { created: 11 },
      content: [
        {
          type: 'tool',
          id: 'call_1',
          name: 'edit',
          state: {
            status: 'completed',
            metadata: { files: [{ file: 'a.ts', patch: patch('a.ts'), additions: 1, deletions: 1, status: 'modified' }] },
          },
        },
        { type: 'tool', id: 'call_2', name: 'shell', state: { status: 'completed', metadata: { exit: 0 } } },
      ],
    },
    { id: 'msg_3', type: 'user', time: { created: 20 }, text: 'nothing' },
    { id: 'msg_4', type: 'assistant', time: { created: 21 }, content: [{ type: 'text', text: 'ok' }] },
    { id: 'msg_5', type: 'user', time: { created: 30 }, text: 'twice' },
    {
      id: 'msg_6',
      type: 'assistant',
      time: { created: 31 },
      content: [
        {
          type: 'tool',
          id: 'c3',
          name: 'write',
          state: { metadata: { files: [{ file: 'n.ts', patch: '', additions: 3, deletions: 0, status: 'added' }] } },
        },
        {
          type: 'tool',
          id: 'c4',
          name: 'edit',
          state: { metadata: { files: [{ file: 'n.ts', patch: patch('n.ts'), additions: 1, deletions: 1 }] } },
        },
      ],
    },
  ];

  test('turns start at user messages, oldest first', () => {
    assert.deepEqual(
      turnStarts([...messages].reverse()).map((t) => t.messageID),
      ['msg_1', 'msg_3', 'msg_5'],
    );
  });

  test("without a diff route, a turn's changes are what its file tools reported", async () => {
    const turns = await turnsFromTools('s', [...messages].reverse(), new WriteCounts());
    assert.deepEqual(
      turns.map((t) => [t.messageID, t.files.map((f) => [f.path, f.status, f.additions, f.deletions])]),
      [
        ['msg_1', [['a.ts', 'modified', 1, 1]]],
        ['msg_5', [['n.ts', 'added', 4, 1]]],
      ],
    );
  });

  test("the v2 branch's write tool records no diff: a write is counted from its content over what was there", async () => {
    // Hand-written in the shapes of packages/schema/src/session-message.ts@b6226260 (ToolStateCompleted) and the
    // write tool's model output (core/src/tool/plugin/write.ts: "Created|Wrote file successfully: <resource>").
    const user = (id: string, created: number) => ({ type: 'user', id, time: { created } });
    const write = (id: string, created: number, said: string, content: string) => ({
      type: 'assistant',
      id,
      time: { created },
      content: [
        {
          type: 'tool',
          id: `call_${id}`,
          name: 'write',
          state: { status: 'completed', input: { path: 'x', content }, content: [{ type: 'text', text: said }] },
        },
      ],
    });
    const turns = await turnsFromTools(
      's',
      [
        user('u1', 1),
        write('a1', 2, 'Created file successfully: a.txt', '1\n2\n'),
        user('u2', 3),
        write('a2', 4, 'Wrote file successfully: a.txt', '1\n3\n'),
        write('a3', 5, 'Wrote file successfully: never-seen.txt', 'x\n'),
      ],
      new WriteCounts(),
    );
    assert.deepEqual(
      turns.map((t) => [t.messageID, t.files.map((f) => [f.path, f.status, f.additions, f.deletions])]),
      [
        ['u1', [['a.txt', 'added', 2, 0]]],
        ['u2', [['a.txt', 'modified', 1, 1]]],
      ],
      'a rewrite of a file this session never wrote is left out, not guessed',
    );
    // Built when asked for: the whole file before and after (the diff editor compares them itself).
    assert.equal(turns[1].files[0].patch, '--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n-1\n-2\n+1\n+3\n');
  });

  test('a write too costly to diff in the host (a big file changed in many places) is left out, never a stall', async () => {
    const write = (id: string, said: string, content: string) => ({
      type: 'assistant',
      id,
      time: { created: 2 },
      content: [
        {
          type: 'tool',
          id: `c_${id}`,
          name: 'write',
          state: { status: 'completed', input: { content }, content: [{ type: 'text', text: said }] },
        },
      ],
    });
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
    const before = lines.join('\n') + '\n';
    const everyTwentieth = lines.map((l, i) => (i % 20 === 0 ? `${l} changed` : l)).join('\n') + '\n';
    const oneLine = lines.map((l, i) => (i === 10_000 ? `${l} changed` : l)).join('\n') + '\n';
    const files = async (next: string) =>
      (
        await turnsFromTools(
          's',
          [
            { type: 'user', id: 'u1', time: { created: 1 } },
            write('a1', 'Created file successfully: big.txt', before),
            write('a2', 'Wrote file successfully: big.txt', next),
          ],
          new WriteCounts(),
        )
      )[0].files.map((f) => [f.path, f.additions, f.deletions]);
    assert.deepEqual(await files(oneLine), [['big.txt', 20_001, 1]], 'one changed line of 20 000 is counted (+1 −1 over the created file)');
    assert.deepEqual(await files(everyTwentieth), [['big.txt', 20_000, 0]], '1 000 changed lines of 20 000: that write is left out');
  });

  test("2.x's /diff answer ({data: [FileDiff]}) is the turn's files; anything else is not", () => {
    assert.deepEqual(
      readFileDiffs({ data: [{ file: 'a.ts', patch: patch('a.ts'), additions: 1, deletions: 1, status: 'modified' }, null] })?.length,
      1,
    );
    assert.equal(readFileDiffs('<html>'), undefined);
  });
});

// The tooltip's rows as data: exact token breakdown, own vs inclusive, model, agent, context, diff stats.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SessionStore } from '../../../src/store/sessionStore';
import { stateText, tooltipRows, type TooltipInput, type TooltipRow } from '../../../src/present/tooltipRows';
import { feed, permissionAskedEvent, record, sessionEvent, sessionInfo, statusEvent, tokens, toolPartEvent } from '../helpers/factories';

const asText = (rows: TooltipRow[]) => rows.map((r) => `${r.label}: ${r.value}`);

function family(): SessionStore {
  const store = new SessionStore();
  const parent = {
    ...sessionInfo({ id: 'P', title: 'Parent', tokens: tokens(12_000, 345, 20, 4_000, 100), cost: 0.041175, created: 0, updated: 60_000 }),
  };
  parent.agent = 'build';
  parent.model = { id: 'alpha', providerID: 'scripted' };
  parent.summary = { files: 3, additions: 120, deletions: 7 };
  feed(
    store,
    sessionEvent('session.created', parent),
    sessionEvent('session.created', sessionInfo({ id: 'C', parentID: 'P', tokens: tokens(1_000, 100), cost: 0.0045 })),
  );
  return store;
}

describe('tooltipRows', () => {
  test('a parent: exact breakdown, own and inclusive, model, agent, context, diff stats, times, where', () => {
    const store = family();
    const rows = tooltipRows({
      record: record(store, 'P'),
      inclusive: store.inclusive('P'),
      hasChildren: true,
      serverLabel: 'laptop',
      context: { tokens: 51_000, limit: 200_000, modelID: 'alpha', providerID: 'scripted' },
      formatTime: (ms) => `t${ms}`,
    });
    assert.deepEqual(asText(rows), [
      'State: idle',
      'Cost: $0.041175',
      'Σ cost with sub-agents: $0.045675',
      'Tokens: 16,465 (input 12,000, output 345, reasoning 20, cache read 4,000, cache write 100)',
      'Σ tokens with sub-agents: 17,565',
      'Context: 25.5% (51,000 of 200,000 tokens)',
      'Files changed: 3',
      'Additions: 120',
      'Deletions: 7',
      'Model: scripted/alpha',
      'Agent: build',
      'Last activity: t60000',
      'Created: t0',
      'Server: laptop',
      'Directory: /home/dev/projects/ws',
    ]);
    // The hover's sections: what it cost and used, what it is doing, where it runs.
    const sectionOf = (label: string) => rows.find((r) => r.label === label)?.section;
    assert.deepEqual(
      ['Cost', 'Σ cost with sub-agents', 'Tokens', 'Σ tokens with sub-agents', 'Context', 'Deletions'].map(sectionOf),
      Array(6).fill('figures'),
    );
    assert.deepEqual(['State', 'Model', 'Agent', 'Last activity', 'Created'].map(sectionOf), Array(5).fill('state'));
    assert.deepEqual(['Server', 'Directory'].map(sectionOf), ['server', 'server']);
  });

  test('a share link the server still reports is not shown: every share page answers 410 now', () => {
    const store = family();
    // As 1.x before 1.19.1 sends a shared session: read through the event parser, as live data is.
    const shared = { ...sessionInfo({ id: 'C', parentID: 'P', tokens: tokens(1_000, 100), cost: 0.0045, updated: 9_000 }) };
    feed(store, sessionEvent('session.updated', { ...shared, share: { url: 'https://opncd.ai/s/abc' } } as typeof shared));
    const input = { inclusive: store.inclusive('C'), hasChildren: false, serverLabel: 's', formatTime: (ms: number) => `t${ms}` };
    const rows = tooltipRows({ ...input, record: record(store, 'C') });
    assert.equal(record(store, 'C').info.cost, 0.0045, 'the record was read');
    assert.ok(!rows.some((r) => r.label === 'Shared at' || r.value.includes('opncd.ai')), JSON.stringify(rows));
  });

  test('a leaf: no inclusive rows; no context row while unknown; the running tool and archived state show', () => {
    const store = family();
    feed(store, toolPartEvent('C', 'prt_1', 'bash', 'running'));
    feed(
      store,
      sessionEvent(
        'session.updated',
        sessionInfo({ id: 'C', parentID: 'P', tokens: tokens(1_000, 100), cost: 0.0045, updated: 9_000, archived: 9_000 }),
      ),
    );
    const text = asText(
      tooltipRows({
        record: record(store, 'C'),
        inclusive: store.inclusive('C'),
        hasChildren: false,
        serverLabel: 's',
        formatTime: (ms) => `t${ms}`,
      }),
    );
    assert.equal(text[0], 'Archived: t9000');
    assert.equal(text[1], 'State: idle');
    assert.equal(text[2], 'Running tool: bash');
    assert.ok(text.includes('Tokens: 1,100 (input 1,000, output 100)'), 'only the kinds it used');
    assert.ok(
      !text.some((t) => t.includes('sub-agents') || t.startsWith('Context') || t.startsWith('Model') || t.startsWith('Files')),
      text.join('\n'),
    );
  });

  test("OpenCode's diff stats show when it counted a file; its zeros are left out", () => {
    const store = family();
    const stats = (summary: { files: number; additions: number; deletions: number }) => {
      feed(store, sessionEvent('session.updated', { ...sessionInfo({ id: 'C', parentID: 'P' }), summary }));
      return asText(
        tooltipRows({ record: record(store, 'C'), inclusive: store.inclusive('C'), hasChildren: false, serverLabel: 's' }),
      ).filter((t) => /^(Files changed|Additions|Deletions):/.test(t));
    };
    assert.deepEqual(stats({ files: 1, additions: 8, deletions: 0 }), ['Files changed: 1', 'Additions: 8', 'Deletions: 0']);
    assert.deepEqual(stats({ files: 0, additions: 0, deletions: 0 }), []);
  });

  test('the state of a server that is not online: offline, or connecting while it lists (the figures are kept)', () => {
    const store = family();
    const state = (phase?: TooltipInput['phase']) =>
      asText(tooltipRows({ record: record(store, 'C'), inclusive: store.inclusive('C'), hasChildren: false, serverLabel: 's', phase }));
    assert.equal(state('offline')[0], 'State: offline');
    assert.equal(state('connecting')[0], 'State: connecting');
    assert.equal(state('online')[0], 'State: idle');
    assert.equal(state()[0], 'State: idle', 'online when absent');
    assert.deepEqual(state('connecting').slice(1), state('online').slice(1), 'only the state differs');
    assert.deepEqual(state('offline').slice(1), state('online').slice(1), 'only the state differs');
  });

  test('a kubeopencode Task’s session, named by its Task everywhere, keeps its full title here; others have no Title row', () => {
    const store = new SessionStore();
    feed(
      store,
      sessionEvent('session.created', sessionInfo({ id: 'T', title: 'kubeopencode/agents/fix-login-redirect/ee835a3f' })),
      sessionEvent('session.created', sessionInfo({ id: 'O', title: 'Fix the login' })),
    );
    const title = (id: string) =>
      tooltipRows({ record: record(store, id), inclusive: store.inclusive(id), hasChildren: false, serverLabel: 's' }).find(
        (r) => r.label === 'Title',
      );
    assert.deepEqual(title('T'), { label: 'Title', value: 'kubeopencode/agents/fix-login-redirect/ee835a3f', section: 'server' });
    assert.equal(title('O'), undefined);
  });

  test('a session that has not finished a step costs $0.00, not six zeros', () => {
    const store = new SessionStore();
    feed(store, sessionEvent('session.created', sessionInfo({ id: 'Z', title: 'Waiting', cost: 0 })));
    const rows = asText(tooltipRows({ record: record(store, 'Z'), inclusive: store.inclusive('Z'), hasChildren: false, serverLabel: 's' }));
    assert.ok(rows.includes('Cost: $0.00'), rows.join(' | '));
  });

  test('values carry server text unchanged (the view escapes it)', () => {
    const store = new SessionStore();
    feed(store, sessionEvent('session.created', sessionInfo({ id: 'X', directory: '/w/<img src=x> [x](command:y) $(zap)' })));
    const rows = tooltipRows({ record: record(store, 'X'), inclusive: store.inclusive('X'), hasChildren: false, serverLabel: 's' });
    assert.equal(rows.find((r) => r.label === 'Directory')?.value, '/w/<img src=x> [x](command:y) $(zap)');
  });
});

describe('stateText', () => {
  const at = (ms: number) => `t${ms}`;
  const one = () => {
    const store = new SessionStore();
    feed(store, sessionEvent('session.created', sessionInfo({ id: 'S' })));
    return store;
  };

  test('retry names the attempt, the next try and the reason', () => {
    const store = one();
    feed(store, statusEvent('S', { type: 'retry', attempt: 2, message: 'rate limited', next: 90_000 }));
    assert.equal(stateText(record(store, 'S'), at), 'retrying (attempt 2, next try t90000): rate limited');
  });

  test('a pending permission says what it asks for, over working', () => {
    const store = one();
    feed(store, statusEvent('S', { type: 'busy' }), permissionAskedEvent('S', 'per_1', 'bash', { command: 'npm test' }));
    assert.equal(stateText(record(store, 'S'), at), 'waiting for you: Run: npm test');
  });

  test('busy, then the last error once idle', () => {
    const store = one();
    feed(store, statusEvent('S', { type: 'busy' }));
    assert.equal(stateText(record(store, 'S'), at), 'working');
    feed(
      store,
      { payload: { type: 'session.error', properties: { sessionID: 'S', error: { name: 'APIError', data: { message: 'boom' } } } } },
      statusEvent('S', { type: 'idle' }),
    );
    assert.equal(stateText(record(store, 'S'), at), 'error: APIError');
  });
});

// Agent and Task views read from kubeopencode objects in the shapes a real kube-apiserver returns.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import { agentServerConfig, suspendedBecause } from '../../../src/app/cluster/agentServers';
import { agentStateText, agentView } from '../../../src/store/k8s/agentView';
import type { AgentObject, KubeEventObject, TaskObject, TaskSessionSummary } from '../../../src/store/k8s/kubeObjects';
import { recentEvents } from '../../../src/store/k8s/recentEvents';
import { expectedTitle, findLiveTaskSession } from '../../../src/store/k8s/liveTaskSession';
import { taskRowText, taskTooltipRows, type TaskSessionFigures } from '../../../src/present/k8s/taskFormat';
import { parseCost, taskPhaseIcon, taskView } from '../../../src/store/k8s/taskView';
import * as k from '../../k8s/objects';

const asAgent = (o: k.KubeObject) => o as unknown as AgentObject;
const asTask = (o: k.KubeObject) => o as unknown as TaskObject;

const START = Date.parse('2026-01-01T00:00:00Z');
const SUMMARY: k.SessionSummary = {
  messageCount: 6,
  tokenUsage: { input: 10_000, output: 1_500, reasoning: 300, cache: 500 },
  cost: '0.012300',
  filesChanged: 3,
  additions: 120,
  deletions: 7,
};

function completed(summary: k.SessionSummary | k.DocsSessionSummary = SUMMARY, phase: 'Completed' | 'Failed' = 'Completed'): TaskObject {
  return asTask(k.completedTask('fix-bug', 'team-a', 'coder', 'ses_1', summary, phase));
}

describe('agentView', () => {
  test('ready: url, port, no reason', () => {
    const v = agentView(asAgent(k.agent('coder', 'team-a', { port: 5000 })));
    assert.deepEqual(v, { state: 'ready', port: 5000, url: 'http://coder.team-a.svc.cluster.local:5000' });
    assert.equal(agentStateText(v.state), 'ready');
  });

  test('port defaults to 4096 when spec leaves it out or it is not a port', () => {
    const a = asAgent(k.agent('coder', 'team-a'));
    a.spec = {};
    assert.equal(agentView(a).port, 4096);
    a.spec = { port: 70_000 };
    assert.equal(agentView(a).port, 4096);
  });

  test('suspended wins over ready, with the Suspended condition as the reason', () => {
    const a = asAgent(k.agent('coder', 'team-a', { ready: true, suspended: true, idleSince: '2026-01-01T01:00:00Z' }));
    a.status!.conditions!.find((c) => c.type === 'Suspended')!.message = 'Suspended after 30m idle';
    const v = agentView(a);
    assert.equal(v.state, 'suspended');
    assert.equal(v.reason, 'Suspended after 30m idle');
    assert.equal(v.idleSince, Date.parse('2026-01-01T01:00:00Z'));
    assert.equal(agentStateText(v.state), 'suspended');
  });

  test('suspended by its owner (spec.suspend) or on standby (spec.standby), which reads as such', () => {
    const owner = agentView(asAgent(k.agent('coder', 'team-a', { ready: false, suspended: true, suspend: true })));
    assert.equal(owner.suspendedBy, 'owner');
    assert.equal(agentStateText(owner.state, owner.suspendedBy), 'suspended');
    const idle = asAgent(
      k.agent('coder', 'team-a', { ready: false, suspended: true, standbyAfter: '30m', idleSince: '2026-01-01T01:00:00Z' }),
    );
    const standby = agentView(idle);
    assert.equal(standby.suspendedBy, 'standby');
    assert.equal(standby.standbyAfter, '30m');
    assert.equal(agentStateText(standby.state, standby.suspendedBy), 'on standby');
    assert.equal(suspendedBecause(idle), 'The Agent is on standby; it is connected once a Task wakes it.');
    const awake = agentView(asAgent(k.agent('coder', 'team-a', { standbyAfter: '30m' })));
    assert.equal(awake.state, 'ready');
    assert.equal(awake.suspendedBy, undefined, 'standby configured, not in it');
  });

  test('the cluster domain is read from status.url, never assumed', () => {
    const a = asAgent(k.agent('coder', 'team-a', { clusterDomain: 'corp.internal', port: 4100 }));
    assert.equal(agentServerConfig('ctx', a).url, 'http://coder.team-a.svc.corp.internal:4100');
  });

  test('suspended without a message: the reason word, then a sentence', () => {
    const a = asAgent(k.agent('coder', 'team-a', { suspended: true }));
    assert.equal(agentView(a).reason, 'Suspended');
    a.status!.conditions = [];
    assert.equal(agentView(a).reason, 'The Agent is suspended.');
  });

  test('not ready: ServerReady message, else its reason, else ServerHealthy, else a sentence', () => {
    const a = asAgent(k.agent('coder', 'team-a', { ready: false }));
    assert.equal(agentView(a).state, 'notReady');
    assert.equal(agentStateText('notReady'), 'not ready');
    assert.equal(agentView(a).reason, 'DeploymentNotReady');
    a.status!.conditions![0].message = '0/1 replicas available';
    assert.equal(agentView(a).reason, '0/1 replicas available');
    a.status!.conditions = a.status!.conditions!.filter((c) => c.type !== 'ServerReady');
    assert.equal(agentView(a).reason, 'HealthCheckFailed');
    a.status!.conditions = [];
    assert.equal(agentView(a).reason, "The Agent's OpenCode server is not ready.");
  });

  test('no status at all (a fresh watch event) is not ready, and ready must be exactly true', () => {
    assert.equal(agentView({ metadata: { name: 'a', namespace: 'n' } }).state, 'notReady');
    const a = asAgent(k.agent('coder', 'team-a'));
    (a.status as Record<string, unknown>).ready = 'true';
    assert.equal(agentView(a).state, 'notReady');
  });
});

describe('taskView', () => {
  test('every known phase, and anything else is Unknown', () => {
    for (const phase of ['Pending', 'Queued', 'Running', 'Completed', 'Failed']) {
      const t = asTask(k.templateTask('t', 'ns', 'tpl', phase));
      const v = taskView(t, START);
      assert.equal(v.phase, phase);
      assert.equal(v.finished, phase === 'Completed' || phase === 'Failed', phase);
    }
    assert.equal(taskView(asTask(k.templateTask('t', 'ns', 'tpl', 'Exploded')), START).phase, 'Unknown');
    assert.equal(taskView({ metadata: { name: 't', namespace: 'ns' } }, START).phase, 'Unknown');
  });

  test('ref: agent or template', () => {
    assert.deepEqual(taskView(asTask(k.runningTask('t', 'ns', 'coder')), START).ref, { kind: 'agent', name: 'coder' });
    assert.deepEqual(taskView(asTask(k.templateTask('t', 'ns', 'tpl')), START).ref, { kind: 'template', name: 'tpl' });
    assert.equal(taskView({ metadata: { name: 't', namespace: 'ns' }, spec: {} }, START).ref, undefined);
  });

  test('a Running Task lasts until now; its session has only a title', () => {
    const t = asTask(k.runningTask('t', 'ns', 'coder'));
    const v = taskView(t, START + 65_000);
    assert.equal(v.startTime, START);
    assert.equal(v.durationMs, 65_000);
    assert.equal(v.sessionTitle, k.sessionTitle(t as unknown as k.KubeObject));
    assert.equal(v.sessionId, undefined);
    assert.equal(v.summary, undefined);
  });

  test('a finished Task lasts until completionTime, whatever now is', () => {
    const v = taskView(completed(), START + 3_600_000);
    assert.equal(v.durationMs, 5 * 60_000);
    assert.equal(v.sessionId, 'ses_1');
  });

  test('a finished Task without completionTime has no duration (not one that grows with now)', () => {
    const t = completed(SUMMARY, 'Failed');
    delete t.status!.completionTime;
    assert.equal(taskView(t, START + 3_600_000).durationMs, undefined);
  });

  test('no start time, no duration; a bad timestamp is ignored', () => {
    assert.equal(taskView(asTask(k.templateTask('t', 'ns', 'tpl')), START).durationMs, undefined);
    const t = asTask(k.runningTask('t', 'ns', 'coder', 'yesterday'));
    assert.equal(taskView(t, START).startTime, undefined);
    assert.equal(taskView(t, START).durationMs, undefined);
  });

  test('summary: cache is read + write combined, total counts every kind once', () => {
    const s = taskView(completed(), START).summary!;
    assert.deepEqual(s, {
      messages: 6,
      input: 10_000,
      output: 1_500,
      reasoning: 300,
      cache: 500,
      totalTokens: 12_300,
      cost: 0.0123,
      filesChanged: 3,
      additions: 120,
      deletions: 7,
    });
  });

  test('an unreadable cost is unknown, never NaN or a guess; junk counts are 0', () => {
    const bad = {
      ...SUMMARY,
      cost: 'abc',
      messageCount: -4,
      tokenUsage: { ...SUMMARY.tokenUsage, input: Number.NaN },
    } as TaskSessionSummary;
    const s = taskView(completed(bad as k.SessionSummary), START).summary!;
    assert.equal(s.cost, undefined);
    assert.equal(s.messages, 0);
    assert.equal(s.input, 0);
    assert.equal(s.totalTokens, 2_300);
  });

  test('failure reason from the conditions of a Failed Task only', () => {
    const failed = completed(SUMMARY, 'Failed');
    assert.equal(taskView(failed, START).failureReason, 'TaskFailed');
    failed.status!.conditions!.push({ type: 'Failed', status: 'True', reason: 'PodFailed', message: 'container exited with 1' });
    assert.equal(taskView(failed, START).failureReason, 'container exited with 1');
    assert.equal(taskView(completed(), START).failureReason, undefined);
  });

  test('kubeopencode as it ships: a timeout ends Completed with Stopped/Timeout, read as timed out', () => {
    const t = completed();
    t.status!.conditions = [{ type: 'Stopped', status: 'True', reason: 'Timeout', message: 'Task exceeded its timeout of 30m' }];
    const v = taskView(t, START);
    assert.equal(v.phase, 'Completed');
    assert.equal(v.outcome, 'Timed out');
    assert.deepEqual(v.stopped, { reason: 'Timeout', message: 'Task exceeded its timeout of 30m' });
    assert.deepEqual(taskPhaseIcon(v.phase, v.outcome), { icon: 'watch', color: 'testing.iconFailed' });
    t.status!.conditions = [{ type: 'Stopped', status: 'True', reason: 'UserStopped' }];
    assert.equal(taskView(t, START).outcome, 'Stopped');
    t.status!.conditions = [{ type: 'Stopped', status: 'False', reason: 'Timeout' }];
    assert.equal(taskView(t, START).outcome, 'Completed', 'a Stopped condition that is False says nothing');
    assert.equal(taskView(completed(SUMMARY, 'Failed'), START).outcome, 'Failed');
    assert.equal(taskView(asTask(k.runningTask('r', 'ns', 'a')), START).outcome, undefined);
  });

  test('an all-zero summary (controllers before v0.1.3) is unknown, not $0; zero tokens with a cost is kept', () => {
    const zero = { ...SUMMARY, tokenUsage: { input: 0, output: 0, reasoning: 0, cache: 0 }, cost: '0.000000' };
    const v = taskView(completed(zero), START);
    assert.equal(v.summary, undefined);
    assert.equal(v.summaryUnknown, true);
    const paid = taskView(completed({ ...zero, cost: '0.010000' }), START);
    assert.equal(paid.summaryUnknown, undefined);
    assert.equal(paid.summary?.cost, 0.01);
    assert.equal(taskView(completed({ ...zero, tokenUsage: { ...zero.tokenUsage, output: 5 } }), START).summaryUnknown, undefined);
  });

  test('phase icons', () => {
    assert.deepEqual(taskPhaseIcon('Running'), { icon: 'loading~spin' });
    assert.deepEqual(taskPhaseIcon('Completed'), { icon: 'pass', color: 'testing.iconPassed' });
    assert.deepEqual(taskPhaseIcon('Failed'), { icon: 'error', color: 'testing.iconFailed' });
    assert.deepEqual(taskPhaseIcon('Pending'), { icon: 'clock' });
    assert.deepEqual(taskPhaseIcon('Queued'), { icon: 'clock' });
    assert.deepEqual(taskPhaseIcon('Unknown'), { icon: 'question' });
  });
});

describe('parseCost', () => {
  test('plain decimal strings read exactly as Number() reads them', () => {
    assert.equal(parseCost('0.012300'), 0.0123);
    assert.equal(parseCost('0.012300'), Number('0.012300'));
    assert.equal(parseCost('0.008370'), 0.00837);
    assert.equal(parseCost('0'), 0);
    assert.equal(parseCost('12.5'), 12.5);
  });

  test('anything else is unknown', () => {
    for (const text of ['', ' ', 'abc', '-1', '-0.5', '1e3', 'NaN', 'Infinity', '0x10', '.5', '1.', ' 1', '1,5']) {
      assert.equal(parseCost(text), undefined, JSON.stringify(text));
    }
    for (const value of [undefined, null, {}, -0.5, Number.NaN, Number.POSITIVE_INFINITY, 1e308, '9'.repeat(400)])
      assert.equal(parseCost(value), undefined, inspect(value));
  });

  test("the docs' number reads as it is", () => {
    assert.equal(parseCost(0.0123), 0.0123);
    assert.equal(parseCost(0), 0);
  });
});

describe("kubeopencode's two summary shapes", () => {
  test("the docs' shape (cost a number, tokenUsage one integer) shows its cost and a total only", () => {
    const docs: k.DocsSessionSummary = { ...SUMMARY, cost: 0.0123, tokenUsage: 12_300 };
    const v = taskView(completed(docs), START);
    assert.equal(v.summary?.cost, 0.0123);
    assert.equal(v.summary?.totalTokens, 12_300);
    assert.equal(v.summary?.totalOnly, true);
    assert.equal(v.summary?.input, 0);
    assert.deepEqual(row(v, START + 1e9), ['$0.012 t', '12.3k · Completed · 5m 0s']);
    const labels = taskTooltipRows(v, completed(docs)).map(([label]) => label);
    assert.ok(labels.includes('Tokens') && labels.includes('Cost'));
    assert.ok(!labels.includes('Input') && !labels.includes('Cache (read + write)'), 'no kinds it did not say');
  });

  test("the code's shape keeps every kind", () => {
    const v = taskView(completed(), START);
    assert.equal(v.summary?.totalOnly, undefined);
    assert.ok(taskTooltipRows(v, completed()).some(([label]) => label === 'Input'));
  });

  test("the docs' all-zero summary is unknown, as the code's is", () => {
    const zero: k.DocsSessionSummary = { ...SUMMARY, cost: 0, tokenUsage: 0 };
    assert.equal(taskView(completed(zero), START).summaryUnknown, true);
  });
});

describe('taskRowText', () => {
  test('finished: its cost leads the label, as a session row’s does; its tokens, phase and duration follow', () => {
    assert.deepEqual(row(taskView(completed(), START), START + 1e9), ['$0.012 t', '12.3k · Completed · 5m 0s']);
  });

  test('running: the name alone, the duration measured to now', () => {
    const v = taskView(asTask(k.runningTask('t', 'ns', 'coder')), START);
    assert.deepEqual(row(v, START + 192_000), ['t', 'Running · 3m']);
    assert.deepEqual(row(v, START + 42_000), ['t', 'Running · 42s']);
  });

  test('with its session listed: the session’s figures lead, as its row shows them, before any summary (issue 77)', () => {
    const session = { money: '$2.88 Σ$3.10', tokens: '41.0k' };
    const v = taskView(asTask(k.runningTask('t', 'ns', 'coder')), START);
    assert.deepEqual(row(v, START + 192_000, session), ['$2.88 Σ$3.10 t', '41.0k · Running · 3m']);
    assert.deepEqual(row(taskView(completed(), START), START + 1e9, session), ['$2.88 Σ$3.10 t', '41.0k · Completed · 5m 0s']);
  });

  test('what marks its session marks a running Task: its row no longer reads plain "Running" while its session is paused (issue 77)', () => {
    const session = { money: '$0.96', tokens: '41.0k', marks: ['paused by the $4.00 hourly budget'] };
    const v = taskView(asTask(k.runningTask('t', 'ns', 'coder')), START);
    assert.deepEqual(row(v, START + 192_000, session), ['$0.96 t', '41.0k · Running · paused by the $4.00 hourly budget · 3m']);
    assert.deepEqual(
      row(taskView(completed(), START), START + 1e9, session),
      ['$0.96 t', '41.0k · Completed · 5m 0s'],
      'an ended Task: its end',
    );
  });

  test('pending: the phase alone; unknown cost says so', () => {
    assert.deepEqual(row(taskView(asTask(k.templateTask('t', 'ns', 'tpl')), START), START), ['t', 'Pending']);
    const v = taskView(completed({ ...SUMMARY, cost: '' }), START);
    assert.deepEqual(row(v, START), ['t', 'cost unknown · 12.3k · Completed · 5m 0s']);
  });
});

/** A Task named "t"'s row: [label, description]. */
function row(view: ReturnType<typeof taskView>, now: number, session?: TaskSessionFigures): [string, string] {
  const text = taskRowText('t', view, now, session);
  return [text.label, text.description];
}

describe('a Task that failed, timed out, or comes from an old controller', () => {
  test('row and tooltip say how it ended, and "usage unknown" rather than $0', () => {
    const failed = completed(SUMMARY, 'Failed');
    failed.status!.conditions = [{ type: 'Failed', status: 'True', reason: 'OpenCodeError', message: 'the provider answered 500' }];
    const fv = taskView(failed, START);
    assert.deepEqual(row(fv, START), ['$0.012 t', '12.3k · Failed · 5m 0s']);
    assert.deepEqual(taskTooltipRows(fv, failed).slice(0, 2), [
      ['Phase', 'Failed'],
      ['Failure', 'the provider answered 500'],
    ]);

    const slow = completed();
    slow.status!.conditions = [{ type: 'Stopped', status: 'True', reason: 'Timeout', message: 'Task exceeded its timeout of 30m' }];
    const sv = taskView(slow, START);
    assert.deepEqual(row(sv, START), ['$0.012 t', '12.3k · Timed out · 5m 0s']);
    assert.deepEqual(taskTooltipRows(sv, slow).slice(0, 3), [
      ['Phase', 'Completed'],
      ['Ended', 'Timed out'],
      ['Stopped', 'Timeout — Task exceeded its timeout of 30m'],
    ]);

    const old = completed({ ...SUMMARY, tokenUsage: { input: 0, output: 0, reasoning: 0, cache: 0 }, cost: '0' });
    const ov = taskView(old, START);
    assert.deepEqual(row(ov, START), ['t', 'usage unknown · Completed · 5m 0s']);
    const rows = taskTooltipRows(ov, old);
    assert.ok(rows.some(([label, value]) => label === 'Usage' && value.startsWith('unknown')));
    assert.ok(!rows.some(([label]) => label === 'Cost' || label === 'Tokens'), 'no $0 and no 0 tokens');
  });
});

describe('taskTooltipRows', () => {
  test('a completed agent Task: exact breakdown, combined cache, exact cost, diff, session', () => {
    const t = completed();
    const rows = taskTooltipRows(taskView(t, START), t, (ms) => `t${ms}`);
    assert.deepEqual(rows, [
      ['Phase', 'Completed'],
      ['Agent', 'coder'],
      ['Namespace', 'team-a'],
      ['Pod', 'fix-bug-pod'],
      ['Started', `t${START}`],
      ['Duration', '5m 0s'],
      ['Messages', '6'],
      ['Input', '10,000'],
      ['Output', '1,500'],
      ['Reasoning', '300'],
      ['Cache (read + write)', '500'],
      ['Tokens', '12,300'],
      ['Cost', '$0.012300'],
      ['Files changed', '3 (+120 −7)'],
      ['Session', 'ses_1'],
      ['Session title', k.sessionTitle(t as unknown as k.KubeObject)],
    ]);
  });

  test('a template Task with an odd phase; an unreadable cost shows the raw text, not a number', () => {
    const t = asTask(k.templateTask('t', 'ns', 'tpl', 'Exploded'));
    assert.deepEqual(taskTooltipRows(taskView(t, START), t), [
      ['Phase', 'Unknown (Exploded)'],
      ['Template', 'tpl'],
      ['Namespace', 'ns'],
    ]);
    const failed = completed({ ...SUMMARY, cost: '-1' }, 'Failed');
    const rows = new Map(taskTooltipRows(taskView(failed, START), failed));
    assert.equal(rows.get('Cost'), 'unknown ("-1")');
    assert.equal(rows.get('Failure'), 'TaskFailed');
  });

  test('a cost nested 10 000 deep, an object or a long string: the row says what it is, bounded, and does not throw', () => {
    // What one watch event's JSON.parse accepts; JSON.stringify of it threw RangeError, and the Task's row was lost.
    const deep = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) as unknown;
    const costOf = (cost: unknown) => {
      const t = completed({ ...SUMMARY, cost: cost as string });
      return new Map(taskTooltipRows(taskView(t, START), t)).get('Cost');
    };
    assert.equal(costOf(deep), 'unknown (a list)');
    assert.equal(costOf({ usd: { value: deep } }), 'unknown (an object)');
    assert.equal(costOf(null), 'unknown (null)');
    assert.equal(costOf(true), 'unknown (true)');
    const long = costOf('"' + 'x'.repeat(100_000));
    assert.equal(long, `unknown (${JSON.stringify('"' + 'x'.repeat(78) + '…')})`);
  });
});

describe('findLiveTaskSession', () => {
  test('a running Task: the session with exactly its title, newest when several', () => {
    const t = asTask(k.runningTask('t', 'ns', 'coder'));
    const title = t.status!.session!.title!;
    assert.equal(title, expectedTitle(t));
    const sessions = [
      { id: 'other', title: `${title} (copy)` },
      { id: 'old', title, created: 2 },
      { id: 'new', title, created: 5 },
      { id: 'older', title, created: 1 },
    ];
    assert.equal(findLiveTaskSession(t, sessions), 'new');
    assert.equal(
      findLiveTaskSession(t, [
        { id: 'a', title },
        { id: 'b', title },
      ]),
      'b',
    );
    assert.equal(findLiveTaskSession(t, [{ id: 'other', title: 'kubeopencode/ns/t' }]), undefined);
  });

  test('a running Task whose status has no title yet: the title kubeopencode will give it', () => {
    const t = asTask(k.runningTask('t', 'ns', 'coder'));
    const title = t.status!.session!.title!;
    delete t.status!.session;
    assert.equal(findLiveTaskSession(t, [{ id: 's', title }]), 's');
  });

  test('a finished Task: its recorded id; a template Task: none', () => {
    assert.equal(findLiveTaskSession(completed(), []), 'ses_1');
    const tpl = asTask(k.templateTask('t', 'ns', 'tpl', 'Running'));
    assert.equal(findLiveTaskSession(tpl, [{ id: 's', title: expectedTitle(tpl)! }]), undefined);
  });
});

describe('recentEvents', () => {
  const task = k.runningTask('t', 'team-a', 'coder');
  const ev = (reason: string, at: string, extra: Record<string, unknown> = {}) => ({
    ...(k.kubeEvent(task, reason, `${reason} note`, at) as unknown as KubeEventObject),
    ...extra,
  });

  test('the object’s own, newest first, at most five; a series by its last time and count; warnings marked', () => {
    const events = [
      ev('Queued', '2026-01-01T00:00:01Z'),
      ev('PodCreated', '2026-01-01T00:00:02Z'),
      ev('Timeout', '2026-01-01T00:30:00Z', { type: 'Warning' }),
      ev('QuotaExceeded', '2026-01-01T00:00:03Z', { series: { count: 4, lastObservedTime: '2026-01-01T00:10:00Z' } }),
      ev('A', '2026-01-01T00:00:04Z'),
      ev('B', '2026-01-01T00:00:05Z'),
      { ...ev('Other', '2026-01-01T01:00:00Z'), regarding: { kind: 'Task', name: 'someone-else', namespace: 'team-a' } },
      { ...ev('Agent', '2026-01-01T01:00:00Z'), regarding: { kind: 'Agent', name: 't', namespace: 'team-a' } },
    ];
    const recent = recentEvents(events, 'Task', 'team-a', 't');
    assert.deepEqual(
      recent.map((e) => [e.reason, e.warning, e.count]),
      [
        ['Timeout', true, undefined],
        ['QuotaExceeded', false, 4],
        ['B', false, undefined],
        ['A', false, undefined],
        ['PodCreated', false, undefined],
      ],
    );
    assert.equal(recent[1].at, Date.parse('2026-01-01T00:10:00Z'));
  });

  test('no time, no reason: still listed, last', () => {
    const bare = { metadata: { name: 'x', namespace: 'team-a' }, regarding: { kind: 'Task', name: 't' } } as KubeEventObject;
    assert.deepEqual(
      recentEvents([bare, ev('Queued', '2026-01-01T00:00:01Z')], 'Task', 'team-a', 't').map((e) => e.reason),
      ['Queued', 'Event'],
    );
  });
});

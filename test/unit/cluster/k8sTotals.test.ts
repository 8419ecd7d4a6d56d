// Cluster totals count every session exactly once; the cluster tree groups by namespace in a stable order.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sumMixed, clusterTotal, mixedTokens } from '../../../src/store/k8s/clusterTotals';
import { namespaceGroups } from '../../../src/store/k8s/namespaceGroups';
import type { AgentObject, TaskObject } from '../../../src/store/k8s/kubeObjects';
import type { Usage } from '../../../src/store/usage';
import * as k from '../../k8s/objects';

const asAgent = (o: k.KubeObject) => o as unknown as AgentObject;
const asTask = (o: k.KubeObject) => o as unknown as TaskObject;

function usage(input: number, cacheRead: number, cacheWrite: number, cost: number): Usage {
  return { input, output: 0, reasoning: 0, cacheRead, cacheWrite, cost };
}

function summary(input: number, cache: number, cost: string): k.SessionSummary {
  return { messageCount: 2, tokenUsage: { input, output: 10, reasoning: 0, cache }, cost, filesChanged: 0, additions: 0, deletions: 0 };
}

// Two Agents: "online" is connected and lists ses_on; "offline" is not connected.
const onServer = asTask(k.completedTask('a', 'ns', 'online', 'ses_on', summary(1_000, 200, '0.500000')));
const offServer = asTask(k.completedTask('b', 'ns', 'offline', 'ses_off', summary(2_000, 300, '0.250000')));
const running = asTask(k.runningTask('c', 'ns', 'offline'));
const template = asTask(k.templateTask('d', 'ns', 'tpl', 'Completed'));
const onConnected = (t: TaskObject) => t.status?.session?.id === 'ses_on';

describe('clusterTotal', () => {
  const serverTotal = usage(5_000, 700, 100, 1.5); // includes ses_on's own figures

  test('a Task whose session is on a connected Agent is not counted again', () => {
    const total = clusterTotal({ agentTotals: [serverTotal], tasks: [onServer], sessionOnConnectedAgent: onConnected });
    assert.equal(total.cost, 1.5);
    assert.equal(mixedTokens(total), 5_800);
    assert.equal(total.tasksCounted, 0);
    assert.equal(total.agentServers, 1);
  });

  test('a Task whose session is on no connected Agent adds its summary, cache kept combined', () => {
    const total = clusterTotal({
      agentTotals: [serverTotal],
      tasks: [onServer, offServer, running, template],
      sessionOnConnectedAgent: onConnected,
    });
    assert.equal(total.cost, 1.75);
    assert.equal(total.input, 7_000);
    assert.equal(total.output, 10);
    assert.equal(total.cacheRead, 700);
    assert.equal(total.cacheWrite, 100);
    assert.equal(total.cacheCombined, 300);
    assert.equal(mixedTokens(total), 5_800 + 2_000 + 10 + 300);
    assert.equal(total.tasksCounted, 1);
    assert.equal(total.unknownCostTasks, 0);
  });

  test('with no Agent connected every summary counts, each session once', () => {
    const total = clusterTotal({ agentTotals: [], tasks: [onServer, offServer, offServer], sessionOnConnectedAgent: () => false });
    assert.equal(total.cost, 0.75);
    assert.equal(total.tasksCounted, 2);
    assert.equal(total.cacheCombined, 500);
  });

  test("an old controller's all-zero summary adds nothing and makes the cost a lower bound", () => {
    const zero = asTask(
      k.completedTask('z', 'ns', 'offline', 'ses_zero', {
        ...summary(0, 0, '0.000000'),
        tokenUsage: { input: 0, output: 0, reasoning: 0, cache: 0 },
      }),
    );
    const total = clusterTotal({ agentTotals: [], tasks: [offServer, zero], sessionOnConnectedAgent: () => false });
    assert.equal(total.cost, 0.25);
    assert.equal(total.unknownCostTasks, 1);
    assert.equal(total.tasksCounted, 1, 'only the summary that says something');
    assert.equal(mixedTokens(total), 2_310);
  });

  test("a summary in the docs' shape adds its cost and its tokens as a total of no kind", () => {
    const docs = asTask(k.completedTask('f', 'ns', 'offline', 'ses_docs', { ...summary(0, 0, '0'), cost: 0.5, tokenUsage: 4_000 }));
    const total = clusterTotal({ agentTotals: [], tasks: [offServer, docs], sessionOnConnectedAgent: () => false });
    assert.equal(total.cost, 0.75);
    assert.equal(total.unsplit, 4_000);
    assert.equal(total.input, 2_000, 'the docs-shape Task adds no input it did not say');
    assert.equal(mixedTokens(total), 2_310 + 4_000);
    assert.equal(total.tasksCounted, 2);
  });

  test('an unreadable cost adds nothing and is flagged', () => {
    const bad = asTask(k.completedTask('e', 'ns', 'offline', 'ses_bad', summary(100, 0, 'oops')));
    const total = clusterTotal({ agentTotals: [], tasks: [offServer, bad], sessionOnConnectedAgent: () => false });
    assert.equal(total.cost, 0.25);
    assert.ok(!Number.isNaN(total.cost));
    assert.equal(total.unknownCostTasks, 1);
    assert.equal(total.tasksCounted, 2);
    assert.equal(total.input, 2_100);
  });
});

describe('sumMixed', () => {
  test('local servers and clusters together, cache read, write and combined apart', () => {
    const cluster = clusterTotal({ agentTotals: [usage(100, 10, 5, 0.1)], tasks: [offServer], sessionOnConnectedAgent: () => false });
    const all = sumMixed([usage(1_000, 50, 20, 0.5), cluster]);
    assert.equal(all.input, 3_100);
    assert.equal(all.cacheRead, 60);
    assert.equal(all.cacheWrite, 25);
    assert.equal(all.cacheCombined, 300);
    assert.equal(all.cost, 0.5 + 0.1 + 0.25);
    assert.equal(mixedTokens(all), 3_100 + 10 + 60 + 25 + 300);
    assert.equal(sumMixed([]).cost, 0);
  });
});

describe('namespaceGroups', () => {
  test('sorted namespaces, empty ones kept, ones known only from objects added', () => {
    const groups = namespaceGroups({
      namespaces: ['zeta', 'alpha'],
      agents: [asAgent(k.agent('b', 'team')), asAgent(k.agent('a', 'team')), asAgent(k.agent('x', 'alpha'))],
      tasks: [asTask(k.templateTask('t', 'other', 'tpl'))],
    });
    assert.deepEqual(
      groups.map((g) => [g.namespace, g.agents.map((a) => a.metadata.name), g.tasks.map((t) => t.metadata.name)]),
      [
        ['alpha', ['x'], []],
        ['other', [], ['t']],
        ['team', ['a', 'b'], []],
        ['zeta', [], []],
      ],
    );
  });

  test('tasks: running first, then newest start first, unstarted by creation time', () => {
    const old = asTask(k.completedTask('old', 'ns', 'a', 's1', summary(1, 0, '0')));
    old.status!.startTime = '2026-01-01T00:00:00Z';
    const recent = asTask(k.completedTask('recent', 'ns', 'a', 's2', summary(1, 0, '0')));
    recent.status!.startTime = '2026-01-02T00:00:00Z';
    const run1 = asTask(k.runningTask('run1', 'ns', 'a', '2026-01-01T00:00:00Z'));
    const run2 = asTask(k.runningTask('run2', 'ns', 'a', '2026-01-03T00:00:00Z'));
    const pending = asTask(k.templateTask('pending', 'ns', 'tpl'));
    pending.metadata.creationTimestamp = '2026-01-01T12:00:00Z';
    const [g] = namespaceGroups({ namespaces: [], agents: [], tasks: [old, pending, run1, recent, run2] });
    assert.deepEqual(
      g.tasks.map((t) => t.metadata.name),
      ['run2', 'run1', 'recent', 'pending', 'old'],
    );
  });
});

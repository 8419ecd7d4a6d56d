// The running Tasks' clocks (src/features/cluster/taskClock.ts) on a simulated clock: a row is redrawn when, and only
// when, its clock reads differently (each second in its first minute, then each minute), never more than a timer's
// slack late; a start in the future is waited for — it ticked every second for good — and a start in the year 275759
// waits in steps a timer can take. And the snapshot's index (clusterIndex) finds what a search from the front found.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClusterNodeCache, type TaskNode } from '../../../src/features/cluster/clusterNodes';
import { clockedTasks, nextChange, TaskClock } from '../../../src/features/cluster/taskClock';
import { formatElapsed } from '../../../src/present/format';
import { clusterIndex, type ClusterObjects, type TaskObject } from '../../../src/store/k8s';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
/** The slack a tick comes after its moment (taskClock.ts). */
const SLACK_MS = 20;

function task(name: string, phase: string, start?: number, namespace = 'team'): TaskObject {
  return {
    metadata: { namespace, name },
    status: { phase, ...(start !== undefined ? { startTime: new Date(start).toISOString() } : {}) },
  };
}

/** A TaskClock on a simulated clock: its timer is fired by hand, each redraw noted with the moment. */
function simulated(snapshot: ClusterObjects) {
  const clock = { now: T0 };
  const waits: number[] = [];
  let pending: { callback: () => void; at: number } | undefined;
  const timer = {
    set: (callback: () => void, ms: number) => {
      waits.push(ms);
      pending = { callback, at: clock.now + ms };
    },
    clear: () => (pending = undefined),
  };
  const redraws: Array<{ name: string; at: number }> = [];
  const taskClock = new TaskClock<TaskNode>(
    (node) => redraws.push({ name: node.name, at: clock.now }),
    timer,
    () => clock.now,
  );
  const nodes = new ClusterNodeCache();
  taskClock.restart(clockedTasks('ctx', snapshot, nodes));
  return {
    clock,
    waits,
    redraws,
    taskClock,
    nodes,
    get pending() {
      return pending;
    },
    /** Fires the timer; false when none is set. */
    fire(): boolean {
      if (!pending) return false;
      const { callback, at } = pending;
      pending = undefined;
      clock.now = at;
      callback();
      return true;
    },
  };
}

describe('the running Tasks’ clocks', () => {
  test('each row is redrawn when its clock reads differently, at most a slack late, and at no other time', () => {
    const starts: Record<string, number> = {
      fresh: T0 - 10,
      'half-second': T0 - 500,
      'nearly-a-minute': T0 - 59_900,
      'an-hour': T0 - 3_630_000,
    };
    const snapshot = {
      namespaces: [],
      agents: [],
      tasks: [
        ...Object.entries(starts).map(([name, start]) => task(name, 'Running', start)),
        task('queued', 'Queued', T0 - 1_000),
        task('done', 'Completed', T0 - 1_000),
        task('no-start', 'Running'),
      ],
    };
    const s = simulated(snapshot);
    const drawn = new Map(Object.entries(starts).map(([name, start]) => [name, formatElapsed(T0 - start)]));
    let ticks = 0;
    while (s.pending && s.pending.at <= T0 + 180_000) {
      const before = s.redraws.length;
      s.fire();
      ticks++;
      for (const { name } of s.redraws.slice(before)) {
        const reading = formatElapsed(s.clock.now - starts[name]);
        assert.notEqual(reading, drawn.get(name), `${name} redrawn at +${s.clock.now - T0} ms reading what it read`);
        drawn.set(name, reading);
      }
      // After a tick every row reads what it was last drawn with, and the next tick comes at the first change.
      for (const [name, start] of Object.entries(starts)) {
        assert.equal(drawn.get(name), formatElapsed(s.clock.now - start), `${name} at +${s.clock.now - T0} ms`);
      }
      const firstChange = Math.min(...Object.values(starts).map((start) => nextChange(start, s.clock.now)));
      assert.equal(s.pending?.at, firstChange + SLACK_MS);
    }
    // The rows' own changes in three minutes: 1s…59s then 1m and 2m (fresh; 3m falls 10 ms after the window), the same
    // and 3m (half-second), 1m, 2m and 3m (nearly-a-minute), 61m, 62m and 63m (an-hour).
    const count = (name: string) => s.redraws.filter((r) => r.name === name).length;
    assert.deepEqual(Object.keys(starts).map(count), [59 + 2, 59 + 3, 3, 3]);
    assert.ok(ticks <= s.redraws.length, `${ticks} ticks for ${s.redraws.length} redraws`);
    assert.ok(!s.redraws.some((r) => ['queued', 'done', 'no-start'].includes(r.name)), 'only running Tasks with a start');
  });

  test('a start in the future: nothing ticks until a second after it, then its clock runs', () => {
    const start = T0 + 10 * 60_000;
    const s = simulated({ namespaces: [], agents: [], tasks: [task('ahead', 'Running', start)] });
    assert.deepEqual(s.waits, [10 * 60_000 + 1_000 + SLACK_MS], 'one wait, to when it reads 1s');
    assert.ok(s.fire());
    assert.deepEqual(s.redraws, [{ name: 'ahead', at: start + 1_000 + SLACK_MS }]);
    assert.equal(formatElapsed(s.clock.now - start), '1s');
    // Then each second: 980 ms to when it reads 2s, and the slack.
    assert.equal(s.waits.at(-1), 1_000);
  });

  test('a start in the year 275759: waits of a day at most (a timer fires at once past 24.8 days), nothing redrawn', () => {
    const s = simulated({ namespaces: [], agents: [], tasks: [task('far', 'Running', 8.64e15 - 10_000)] });
    for (let i = 0; i < 3; i++) assert.ok(s.fire());
    assert.deepEqual(s.waits, [86_400_000, 86_400_000, 86_400_000, 86_400_000]);
    assert.deepEqual(s.redraws, []);
  });

  test('no running Task: the clock stops; a new snapshot plans it again from now', () => {
    const s = simulated({ namespaces: [], agents: [], tasks: [task('a', 'Running', T0 - 500)] });
    assert.equal(s.pending?.at, T0 + 500 + SLACK_MS);
    s.taskClock.restart([]);
    assert.equal(s.pending?.at, undefined, 'stopped');
    s.clock.now = T0 + 10_000;
    s.taskClock.restart(clockedTasks('ctx', { namespaces: [], agents: [], tasks: [task('b', 'Running', T0 + 9_700)] }, s.nodes));
    assert.equal(s.pending?.at, T0 + 10_000 + 700 + SLACK_MS);
  });
});

describe('a snapshot’s index', () => {
  const first = task('fix', 'Running', T0 - 1_000);
  const twin = task('fix', 'Completed', T0 - 2_000);
  const snapshot: ClusterObjects = {
    namespaces: ['empty'],
    agents: [{ metadata: { namespace: 'team', name: 'builder' } }],
    tasks: [task('other', 'Pending'), first, twin, task('fix', 'Running', T0, 'elsewhere'), task('no-start', 'Running')],
  };

  test('finds Tasks and Agents by namespace and name; of a name given twice, the first (as a search found it)', () => {
    const index = clusterIndex(snapshot);
    assert.equal(index.task('team', 'fix'), first);
    assert.equal(index.task('elsewhere', 'fix')?.metadata.namespace, 'elsewhere');
    assert.equal(index.task('team', 'nothing'), undefined);
    assert.equal(index.agent('team', 'builder'), snapshot.agents[0]);
    assert.equal(index.agent('elsewhere', 'builder'), undefined);
  });

  test('the running Tasks, each once, with their starts; groups as namespaceGroups gives them', () => {
    const index = clusterIndex(snapshot);
    assert.deepEqual(
      index.running.map((r) => [r.task.metadata.namespace, r.task.metadata.name, r.start]),
      [
        ['team', 'fix', T0 - 1_000],
        ['elsewhere', 'fix', T0],
        ['team', 'no-start', undefined],
      ],
    );
    assert.deepEqual(
      index.groups.map((g) => [g.namespace, g.tasks.length]),
      [
        ['elsewhere', 1],
        ['empty', 0],
        ['team', 4],
      ],
    );
    assert.equal(index.group('empty')?.tasks.length, 0);
    assert.equal(index.group('nowhere'), undefined);
  });

  test('made once per snapshot: the same snapshot, the same index; a new one, a new index', () => {
    assert.equal(clusterIndex(snapshot), clusterIndex(snapshot));
    assert.equal(clusterIndex(snapshot).groups, clusterIndex(snapshot).groups);
    const next = { ...snapshot, tasks: [task('fix', 'Completed', T0 - 1_000)] };
    assert.notEqual(clusterIndex(next), clusterIndex(snapshot));
    assert.deepEqual(clusterIndex(next).running, []);
  });

  test('the Tasks a session’s change redraws: those that recorded its id, and the running ones of its title that recorded none', () => {
    const withSession = (t: TaskObject, agent: string, session?: { id?: string; title?: string }): TaskObject => ({
      ...t,
      spec: { agentRef: { name: agent } },
      status: { ...t.status, ...(session ? { session } : {}) },
    });
    const linked = {
      ...snapshot,
      tasks: [
        withSession(task('done', 'Completed', T0 - 5_000), 'builder', { id: 'ses_a' }),
        withSession(task('again', 'Completed', T0 - 4_000), 'builder', { id: 'ses_a' }),
        withSession(task('other', 'Completed', T0 - 3_000), 'builder', { id: 'ses_b' }),
        withSession(task('titled', 'Running', T0 - 2_000), 'builder', { title: 'kubeopencode/team/titled/0123abcd' }),
        withSession(task('untitled', 'Running', T0 - 2_000), 'reviewer'),
        withSession(task('done', 'Completed', T0 - 1_000, 'elsewhere'), 'builder', { id: 'ses_a' }),
      ],
    };
    const names = (tasks: TaskObject[]) => tasks.map((t) => `${t.metadata.namespace}/${t.metadata.name}`).sort();
    const index = clusterIndex(linked);
    assert.deepEqual(names(index.linkedTasks('team', [{ id: 'ses_a', title: 'Something else' }])), ['team/again', 'team/done']);
    assert.deepEqual(names(index.linkedTasks('team', [{ id: 'ses_b' }, { id: 'ses_none' }])), ['team/other']);
    // A running Task without a recorded id: only a change of the session of its title redraws it.
    assert.deepEqual(names(index.linkedTasks('team', [{ id: 'ses_t', title: 'kubeopencode/team/titled/0123abcd' }])), ['team/titled']);
    assert.deepEqual(names(index.linkedTasks('team', [{ id: 'ses_x', title: 'kubeopencode/team/other-task/0123abcd' }])), []);
    assert.deepEqual(names(index.linkedTasks('elsewhere', [{ id: 'ses_a' }])), ['elsewhere/done']);
  });
});

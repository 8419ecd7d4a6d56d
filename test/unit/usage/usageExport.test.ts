// CSV and JSON of the per-step table, plus the row delta that live updates send.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runNow } from '../../../src/base/slices';
import { csvSteps, jsonSteps, type ExportTimeline } from '../../../src/present/usageExport';
import type { StepRow } from '../../../src/present/usageRows';
import { cacheEfficiency } from '../../../src/present/usageSummary';
import { addUsage, ZERO_USAGE } from '../../../src/store/usage';
import { sessionSteps } from '../../../src/present/usageSteps';
import { assistantMessage, storedSession } from '../helpers/usageMessages';

/** The files at once (small inputs): exportSteps writes them in slices. */
const stepsToCsv = (steps: readonly StepRow[], timeline?: ExportTimeline) => runNow(csvSteps(steps, timeline));
const stepsToJson = (sessionID: string, steps: readonly StepRow[], timeline?: ExportTimeline) =>
  runNow(jsonSteps(sessionID, steps, timeline));

const { steps } = sessionSteps(
  storedSession([
    assistantMessage('m1', Date.UTC(2025, 0, 2), [{ input: 100, output: 10, read: 300, cost: 0.000123 }], ',"model"', {
      providerID: '=evil',
    }),
    assistantMessage('m2', Date.UTC(2025, 0, 2, 1), [{ input: 5, output: 1, cost: 0.5 }]),
  ]),
  () => 1000,
);

describe('usage export', () => {
  test('CSV: header, one line per step, exact numbers, quoted text and no formula injection', () => {
    const lines = stepsToCsv(steps).trimEnd().split('\r\n');
    assert.equal(lines[0], 'step,time,messageID,model,input,output,reasoning,cacheRead,cacheWrite,cost,listCost,context,source,copiedCost');
    assert.equal(lines[1], `1,2025-01-02T00:00:00.000Z,m1,"'=evil/,""model""",100,10,0,300,0,0.000123,,0.41,step,`);
    assert.equal(lines[2], '2,2025-01-02T01:00:00.000Z,m2,scripted/alpha,5,1,0,0,0,0.5,,0.006,step,');
    assert.equal(lines.length, 3);
  });

  test('JSON: the same rows as objects', () => {
    const parsed = JSON.parse(stepsToJson('S', steps)) as { sessionID: string; steps: unknown[] };
    assert.equal(parsed.sessionID, 'S');
    assert.deepEqual(parsed.steps[1], {
      step: 2,
      time: '2025-01-02T01:00:00.000Z',
      messageID: 'm2',
      model: 'scripted/alpha',
      input: 5,
      output: 1,
      reasoning: 0,
      cacheRead: 0,
      cacheWrite: 0,
      cost: 0.5,
      listCost: '',
      context: 0.006,
      source: 'step',
      copiedCost: '',
    });
  });

  test("a fork's copy of its original's step: listed at 0 (a column's sum counts the money once), its original's cost apart", () => {
    // Session S made at 2025-01-02 00:30: m1 (00:00) came with it from the session it was forked from, m2 it spent.
    const fork = sessionSteps(
      storedSession(
        [
          assistantMessage('m1', Date.UTC(2025, 0, 2), [{ input: 100, output: 10, cost: 0.25 }]),
          assistantMessage('m2', Date.UTC(2025, 0, 2, 1), [{ input: 5, output: 1, cost: 0.5 }]),
        ],
        Date.UTC(2025, 0, 2, 0, 30),
      ),
      () => 1000,
    ).steps;
    const lines = stepsToCsv(fork).trimEnd().split('\r\n');
    assert.equal(lines[1], '1,2025-01-02T00:00:00.000Z,m1,scripted/alpha,0,0,0,0,0,0,,0.11,step,0.25');
    assert.equal(lines[2], '2,2025-01-02T01:00:00.000Z,m2,scripted/alpha,5,1,0,0,0,0.5,,0.006,step,');
    const parsed = JSON.parse(stepsToJson('S', fork)) as { steps: Array<{ cost: number; copiedCost: unknown }> };
    assert.deepEqual(
      parsed.steps.map((s) => [s.cost, s.copiedCost]),
      [
        [0, 0.25],
        [0.5, ''],
      ],
    );
    assert.equal(
      fork.reduce((sum, s) => sum + s.cost, 0),
      0.5,
    );
  });

  test("the tree's timeline: a second CSV table, measure by value, and JSON's `timeline`, as session_status says it", () => {
    const timeline = {
      status: {
        wallMs: 9000,
        busyMs: 6000,
        waitingMs: 2000,
        idleMs: 1000,
        criticalPath: [
          { id: 'P', title: '=Parent', ms: 6000 },
          { id: 'C', title: 'Child, "x"', ms: 3000 },
        ],
      },
      words: ['Wall time 9.0 s: busy 6.0 s, waiting 2.0 s, idle 1.0 s.'],
    };
    const lines = stepsToCsv(steps, timeline).trimEnd().split('\r\n');
    assert.deepEqual(lines.slice(3), [
      '',
      'measure,value',
      'wallMs,9000',
      'busyMs,6000',
      'waitingMs,2000',
      'idleMs,1000',
      `criticalPath,"'=Parent (P, 6000 ms) → Child, ""x"" (C, 3000 ms)"`,
      'words,"Wall time 9.0 s: busy 6.0 s, waiting 2.0 s, idle 1.0 s."',
    ]);
    assert.equal(stepsToCsv(steps).trimEnd().split('\r\n').length, 3, 'without a timeline, the steps only');
    const parsed = JSON.parse(stepsToJson('S', steps, timeline)) as { timeline: unknown };
    assert.deepEqual(parsed.timeline, { ...timeline.status, words: timeline.words });
  });

  test('JSON written a step at a time reads as JSON.stringify(file, null, 2) lays it out, with and without steps', () => {
    const timeline = {
      status: { wallMs: 9000, busyMs: 6000, waitingMs: 2000, idleMs: 1000, criticalPath: [{ id: 'P', title: 'P "1"', ms: 6000 }] },
      words: ['Wall time 9.0 s.', 'a "quoted"\nline'],
    };
    const long = Array.from({ length: 600 }, (_, i) => ({ ...steps[i % steps.length], n: i + 1, model: `m"\n${i}` }));
    for (const [rows, time] of [
      [long, timeline],
      [long, undefined],
      [[], timeline],
      [[], undefined],
    ] as const) {
      const text = stepsToJson('S\n"', rows, time);
      assert.equal(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      assert.equal((JSON.parse(text) as { steps: unknown[] }).steps.length, rows.length);
    }
  });

  test('listCost: a separate column beside the recorded cost, empty where there is none', () => {
    const listed = [
      { ...steps[0], cost: 0, listCost: 0.0042 },
      { ...steps[1], cost: 0, listCost: null },
    ];
    const lines = stepsToCsv(listed).trimEnd().split('\r\n');
    assert.match(lines[1], /,0,0\.0042,0\.41,step,$/);
    assert.match(lines[2], /,0,,0\.006,step,$/);
    const parsed = JSON.parse(stepsToJson('S', listed)) as { steps: Array<{ cost: number; listCost: unknown }> };
    assert.deepEqual(
      parsed.steps.map((s) => [s.cost, s.listCost]),
      [
        [0, 0.0042],
        [0, ''],
      ],
    );
  });

  test('cache efficiency is cache read over input plus cache read', () => {
    assert.equal(cacheEfficiency(steps.reduce((sum, s) => addUsage(sum, s), ZERO_USAGE)), 300 / 405);
    assert.equal(cacheEfficiency({ input: 0, output: 1, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0 }), undefined);
  });
});

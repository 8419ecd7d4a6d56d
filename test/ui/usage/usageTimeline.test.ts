// The usage panel's Timeline as a person sees it, on a real server whose `bash` asks first: a parent runs two
// sub-agents in turn, then waits once for a permission. The tab shows three lanes (the sub-agents under the
// parent), the wait marked on the parent's lane inside the step that asked, its waits on each sub-agent marked inside
// the step that started it, each bar as long and as costly as the server's message, the critical path named in words,
// and a step's hover with its tool calls and the sub-agent it waited on.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { children, createSession, pendingPermissions, promptAsync, replyPermission } from '../../harness/scenario';
import { taskCall, text, toolCall } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';
import { openOpenCodeView, runCommand, screenshot, webviewFrame, withWorkbench } from '../../vscode-server/workbench';
import { selectRow, treeRows } from '../../vscode-server/treeRows';

const TITLE = 'Timeline parent';
/** laneCanvas.ts's geometry: the label column, a lane's height, the canvas' top padding and right margin. */
const LABEL_W = 180;
const LANE_H = 22;
let h: RunningHarness;

before(async () => {
  h = await startHarness({ config: { permission: { bash: 'ask' } } });
});

after(async () => {
  await h?.dispose();
});

/** Each assistant message of a session as the server has it: [id, duration, cost], oldest first. */
async function serverBars(sessionID: string): Promise<Array<[string, number, number]>> {
  const result = await h.server.client().session.messages({ sessionID });
  return (result.data ?? [])
    .map((m) => m.info)
    .filter((info) => info.role === 'assistant')
    .sort((a, b) => a.time.created - b.time.created || (a.id < b.id ? -1 : 1))
    .map((info) => {
      const completed = info.role === 'assistant' ? info.time.completed : undefined;
      return [info.id, (completed ?? info.time.created) - info.time.created, info.role === 'assistant' ? info.cost : 0];
    });
}

async function lanesData(frame: FrameLocator): Promise<{
  lanes: Array<[string, number, string]>;
  bars: Array<Array<[string, number, number, boolean]>>;
  marks: Array<[string, string, number, number]>;
}> {
  const lanes = frame.locator('.timeline-lanes');
  const read = async (name: string) => JSON.parse((await lanes.getAttribute(name)) || '[]') as unknown;
  return {
    lanes: (await read('data-lanes')) as Array<[string, number, string]>,
    bars: (await read('data-bars')) as Array<Array<[string, number, number, boolean]>>,
    marks: (await read('data-marks')) as Array<[string, string, number, number]>,
  };
}

async function openPanel(page: Page): Promise<FrameLocator> {
  const pane = await openOpenCodeView(page);
  // The session is made as the window opens: a row that does not come says what the tree shows instead (the
  // server's state, other rows), which a bare locator timeout does not (one CI failure left only that).
  await waitFor(
    'the parent’s row in the sessions view',
    () => treeRows(pane).allTextContents(),
    (rows) => rows.some((text) => text.includes(TITLE)),
    60_000,
  );
  const row = treeRows(pane, TITLE).first();
  await selectRow(row);
  await runCommand(page, 'OpenCode: Show Usage');
  const frame = webviewFrame(page);
  await frame.locator('#totals [data-row="own"]').waitFor({ state: 'attached', timeout: 60_000 });
  await frame.locator('#tab-5').click();
  return frame;
}

test(
  'the usage panel on a parent that ran two sub-agents in turn and waited for a permission: three lanes, the wait, the server’s durations and costs, the critical path',
  { timeout: 400_000 },
  async () => {
    // A session budget near what the tree spends (about $0.03), the windows' far above it: lines on the money
    // chart, no pause (the default is to warn).
    const settings = {
      'opencodeSessions.servers': [{ name: 'timeline', url: h.server.url }],
      'opencodeSessions.budget.perSession': 0.08,
      'opencodeSessions.budget.perHour': 60,
      'opencodeSessions.budget.perDay': 70,
      'opencodeSessions.budget.perWeek': 80,
    };
    await withWorkbench(
      'usage-timeline',
      { theme: 'dark', machineSettings: settings, viewport: { width: 1400, height: 900 } },
      async ({ page }) => {
        const parent = (await createSession(h, { title: TITLE })).id;
        const frame = await openPanel(page);
        await promptAsync(h, parent, 'Build and check', [
          taskCall('Write the code', 'Please write the code'),
          text('Code written.'),
          taskCall('Review the code', 'Please review the code'),
          text('Reviewed.'),
          toolCall('bash', { command: 'printf timeline-built', description: 'Build' }),
          text('Built and checked.'),
        ]);
        // The permission is asked while the panel is open: it is marked on the parent's lane as it waits.
        const asked = await waitFor(
          'the server to ask for bash',
          () => pendingPermissions(h),
          (list) => list.length === 1,
          90_000,
        );
        assert.equal(asked[0].sessionID, parent);
        await waitFor(
          'the wait marked on the parent’s lane',
          () => lanesData(frame),
          (d) => d.marks.some(([lane, kind]) => lane === parent && kind === 'permission'),
          60_000,
        );
        await replyPermission(h, asked[0], 'once');

        // Everything done: the panel's bars equal the server's messages, lane by lane.
        const [first, second] = (await children(h, parent)).sort((a, b) => a.time.created - b.time.created);
        const expected = async () => [await serverBars(parent), await serverBars(first.id), await serverBars(second.id)];
        const done = await waitFor(
          'the panel’s bars equal to the server’s messages',
          async () => ({ panel: await lanesData(frame), server: await expected() }),
          ({ panel, server }) =>
            server[0].length === 4 &&
            server[0].every(([, ms]) => ms > 0) &&
            JSON.stringify(panel.bars.map((lane) => lane.map(([id, ms, cost]) => [id, ms, cost]))) === JSON.stringify(server),
          120_000,
          ({ panel, server }) => ({ panel: panel.bars, server }),
        );
        assert.deepEqual(done.panel.lanes, [
          [parent, 0, TITLE],
          [first.id, 1, first.title],
          [second.id, 1, second.title],
        ]);
        assert.ok(
          done.panel.bars.every((lane) => lane.every(([, , , running]) => !running)),
          'no step runs any more',
        );

        // The wait: on the parent's lane, inside the step that asked (the bash call, its third), and over.
        const messages = ((await h.server.client().session.messages({ sessionID: parent })).data ?? [])
          .map((m) => m.info)
          .filter((i) => i.role === 'assistant')
          .sort((a, b) => a.time.created - b.time.created);
        const asking = messages[2];
        const waits = done.panel.marks.filter(([, kind]) => kind === 'permission');
        assert.equal(waits.length, 1, JSON.stringify(done.panel.marks));
        const [lane, , start, end] = waits[0];
        assert.equal(lane, parent);
        assert.ok(
          asking.role === 'assistant' && start >= asking.time.created && start <= (asking.time.completed ?? 0),
          `${start} in ${JSON.stringify(asking.time)}`,
        );
        assert.ok(end > start, 'the wait lasted until the answer');
        // Its waits on the sub-agents (issue 73): one each, inside the step that started it (its first and second).
        const onSubagents = done.panel.marks.filter(([, kind]) => kind === 'subagent');
        assert.equal(onSubagents.length, 2, JSON.stringify(done.panel.marks));
        onSubagents.forEach(([on, , from, to], i) => {
          const step = messages[i];
          assert.equal(on, parent);
          assert.ok(
            step.role === 'assistant' && from >= step.time.created && to >= from && to <= (step.time.completed ?? 0),
            `sub-agent wait ${i}: ${from}–${to} in ${JSON.stringify(step.time)}`,
          );
        });

        // The words: the critical path names the parent, then the sub-agents it waited on, in turn.
        const view = frame.locator('#view-5');
        assert.deepEqual(JSON.parse((await view.getAttribute('data-critical-path')) ?? '[]'), [TITLE, first.title, second.title]);
        const words = (await frame.locator('.timeline-words').textContent()) ?? '';
        // The two sub-agents ran in turn: said as siblings, each with its duration (not a chain, no braces).
        assert.ok(words.includes(`Critical path: “${TITLE}” waited on “${first.title}” (`), words);
        assert.ok(words.includes(`, then on “${second.title}” (`), words);
        assert.match(words, /Longest wait: [\d.]+ m?s for a permission in “Timeline parent”/);

        // Money over time: the tree's cost, the budgets that apply to one tree of a few minutes drawn (the session's
        // and the hour's; the day's and week's unless the run crossed midnight), on the lanes' time axis.
        const money = frame.locator('#view-5 figure.timeline-money');
        const drawn = await waitFor(
          'the money chart with its budget lines',
          async () => ({
            shown: await money.getAttribute('data-shown'),
            budgets: JSON.parse((await money.getAttribute('data-budgets')) || '[]') as Array<[string, number]>,
            left: JSON.parse((await money.getAttribute('data-budgets-left-out')) || '[]') as string[],
            legend: JSON.parse((await money.getAttribute('data-legend')) || '[]') as string[],
            view: JSON.parse((await money.getAttribute('data-view')) || '{}') as { start: number; end: number },
          }),
          (m) => m.shown === 'chart' && m.budgets.length > 0,
          30_000,
        );
        const sameDay = new Date(drawn.view.start).toDateString() === new Date(drawn.view.end).toDateString();
        assert.deepEqual(
          drawn.budgets.map(([name]) => name),
          sameDay ? ['session', 'hour', 'day', 'week'] : ['session', 'hour'],
        );
        assert.deepEqual(drawn.budgets.slice(0, 2), [
          ['session', 0.08],
          ['hour', 60],
        ]);
        if (!sameDay) assert.ok(drawn.left.includes('day'), JSON.stringify(drawn.left));
        // The session's line is in sight; the windows' of $60 and more over a tree of cents are named as above the
        // chart (drawn to their height, the shares would be a line at the bottom).
        const total = (JSON.parse((await money.getAttribute('data-last')) || '{}') as { total: number }).total;
        assert.ok(total > 0.02 && total < 0.08, `the tree spent ${total}`);
        assert.deepEqual(
          JSON.parse((await money.getAttribute('data-budgets-above')) || '[]'),
          drawn.budgets.map(([name]) => name).filter((name) => name !== 'session'),
        );
        assert.ok(drawn.legend.includes('Session budget ($0.080)'), JSON.stringify(drawn.legend));
        assert.ok(drawn.legend.includes('Hour budget ($60.00, above the chart)'), JSON.stringify(drawn.legend));
        // The same time at the same x on both canvases: the first step's middle, and a tenth of the way in.
        const xIn = async (figure: ReturnType<FrameLocator['locator']>, t: number) => {
          const box = (await figure.locator('canvas').first().boundingBox())!;
          const view = JSON.parse((await figure.getAttribute('data-view')) ?? '{}') as { start: number; end: number };
          const plot = JSON.parse((await figure.getAttribute('data-plot')) ?? '{}') as { left: number; right: number };
          assert.ok(
            plot.right <= box.width + 0.5 && plot.left >= 0,
            `the plot ${JSON.stringify(plot)} within the canvas ${box.width} px wide`,
          );
          return box.x + plot.left + ((t - view.start) * (plot.right - plot.left)) / (view.end - view.start);
        };
        const lanesElement = frame.locator('.timeline-lanes');
        const firstStep = messages[0];
        const middle =
          (firstStep.time.created + (firstStep.role === 'assistant' ? (firstStep.time.completed ?? firstStep.time.created) : 0)) / 2;
        for (const t of [middle, drawn.view.start + (drawn.view.end - drawn.view.start) / 10]) {
          const [inMoney, inLanes] = [await xIn(money, t), await xIn(lanesElement, t)];
          assert.ok(
            Math.abs(inMoney - inLanes) < 1,
            `${new Date(t).toISOString()} at x ${inMoney} on the money chart, ${inLanes} on the lanes`,
          );
        }

        // A step's hover: its tokens, cost and tool calls (the parent's first step called the task tool).
        const canvas = frame.locator('.timeline-lanes canvas');
        const box = (await canvas.boundingBox())!;
        const shown = JSON.parse((await frame.locator('.timeline-lanes').getAttribute('data-view')) ?? '{}') as {
          start: number;
          end: number;
        };
        const k = (box.width - LABEL_W - 8) / (shown.end - shown.start);
        await page.mouse.move(box.x + LABEL_W + (middle - shown.start) * k, box.y + 2 + LANE_H / 2);
        const tooltip = await waitFor(
          'the first step’s hover',
          async () => (await frame.locator('.timeline-lanes').getAttribute('data-tooltip')) ?? '',
          (t) => t.includes('Tool calls'),
          30_000,
        );
        assert.match(tooltip, /Tool calls: task/);
        // Amid the parent's wait on the first sub-agent: the hover names the wait and how long, then the step.
        const [, , waitFrom, waitTo] = onSubagents[0];
        await page.mouse.move(box.x + LABEL_W + ((waitFrom + waitTo) / 2 - shown.start) * k, box.y + 2 + LANE_H / 2);
        const waitTip = await waitFor(
          'the hover amid the wait on the first sub-agent',
          async () => (await frame.locator('.timeline-lanes').getAttribute('data-tooltip')) ?? '',
          (t) => t.includes('waited on sub-agent'),
          30_000,
        );
        assert.ok(waitTip.includes(`${TITLE}: waited on sub-agent “${first.title}” for `), waitTip);
        assert.match(waitTip, /Tool calls: task/);
        assert.match(tooltip, /Cost: \$/);
        await page.mouse.move(box.x + 2, box.y + box.height + 40);
        console.log(`screenshot: ${await screenshot(page, 'usage-timeline')}`);
      },
    );
  },
);

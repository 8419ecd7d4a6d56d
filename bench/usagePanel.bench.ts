// The usage panel on a long session: its rows from the store (every step held in the session's record), the full
// report posted to the webview (size and serialization time; postMessage serializes it likewise), and the one-row
// live update (the rows of the message that changed, as StepList keeps them, and their message). Ratios are
// against a 500-step baseline measured in the same run, so the machine's speed cancels out.
import { StepList } from '../src/present/usageStepList';
import { sessionSteps } from '../src/present/usageSteps';
import { longSession, storedSession } from '../test/unit/helpers/usageMessages';

export interface UsageBenchResult {
  steps: number;
  extractMs: number;
  reportBytes: number;
  reportMs: number;
  updateBytes: number;
  updateMs: number;
}

function median(fn: () => void, runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

export function benchUsagePanel(steps: number): UsageBenchResult {
  const record = storedSession(longSession(steps));
  const limit = () => 200_000;
  const extractMs = median(() => sessionSteps(record, limit));
  const { steps: rows } = sessionSteps(record, limit);
  const list = new StepList();
  list.rebuild(storedSession(longSession(steps - 1)), limit);
  const newest = [...record.messages.keys()].at(-1)!;
  let report = '';
  const reportMs = median(() => (report = JSON.stringify({ type: 'report', steps: rows })));
  let update = '';
  const updateMs = median(() => {
    const from = list.update(record, new Set([newest]), limit);
    update = JSON.stringify({ type: 'update', from, steps: list.rows.slice(from) });
  });
  return { steps, extractMs, reportBytes: report.length, reportMs, updateBytes: update.length, updateMs };
}

export function runUsagePanelBench(): void {
  benchUsagePanel(500); // warm-up
  const base = benchUsagePanel(500);
  const big = benchUsagePanel(5000);
  const row = (r: UsageBenchResult) =>
    `${String(r.steps).padStart(5)} steps: extract ${r.extractMs.toFixed(2)} ms · report ${(r.reportBytes / 1024).toFixed(0)} KiB in ${r.reportMs.toFixed(2)} ms · live update ${r.updateBytes} B in ${r.updateMs.toFixed(3)} ms`;
  console.log('usage panel');
  console.log(`  ${row(base)}`);
  console.log(`  ${row(big)}`);
  console.log(
    `  ratios 5000/500: extract ×${(big.extractMs / base.extractMs).toFixed(1)}, report size ×${(big.reportBytes / base.reportBytes).toFixed(1)}, report time ×${(big.reportMs / base.reportMs).toFixed(1)}, live update size ×${(big.updateBytes / base.updateBytes).toFixed(2)}`,
  );
}

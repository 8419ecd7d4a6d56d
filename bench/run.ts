// `node esbuild.mjs --tests && node out/bench/run.js`: runs every benchmark and prints its numbers.
// `node out/bench/run.js coldConnect` runs only the benchmarks whose names are given.
import { runActivationBench } from './activation.bench';
import { runColdConnectBench } from './coldConnect.bench';
import { runContentSearchBench } from './contentSearch.bench';
import { runEventCpuBench } from './eventCpu.bench';
import { runEventLatencyBench } from './eventLatency.bench';
import { runGuardBench } from './guard.bench';
import { runStatusBarBench } from './statusBar.bench';
import { runStoreIngestBench } from './storeIngest.bench';
import { runTreeScaleBench } from './treeScale.bench';
import { runTrendsBench } from './trends.bench';
import { runUsagePanelBench } from './usagePanel.bench';
import { runUsageWebviewBench } from './usageWebview.bench';
import { runUsageTimelineBench, runUsageTimelineHostBench } from './usageTimeline.bench';

const benches: Record<string, () => unknown> = {
  coldConnect: runColdConnectBench,
  eventLatency: runEventLatencyBench,
  eventCpu: runEventCpuBench,
  storeIngest: runStoreIngestBench,
  guard: runGuardBench,
  usagePanel: runUsagePanelBench,
  usageWebview: runUsageWebviewBench,
  usageTimeline: runUsageTimelineBench,
  usageTimelineHost: runUsageTimelineHostBench,
  trends: runTrendsBench,
  activation: runActivationBench,
  treeScale: runTreeScaleBench,
  contentSearch: runContentSearchBench,
  statusBar: runStatusBarBench,
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  for (const [name, run] of Object.entries(benches)) {
    if (only.length && !only.includes(name)) continue;
    await run();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

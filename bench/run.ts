// `node esbuild.mjs --tests && node out/bench/run.js`: runs every benchmark and prints its numbers.
import { runUsagePanelBench } from './usagePanel.bench';

runUsagePanelBench();

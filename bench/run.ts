// `node esbuild.mjs --tests && node out/bench/run.js`: runs every benchmark and prints its numbers.
import { runStoreIngestBench } from './storeIngest.bench';
import { runUsagePanelBench } from './usagePanel.bench';

runStoreIngestBench();
runUsagePanelBench();

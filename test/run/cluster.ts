// `npm test`'s cluster stage: the cluster suites on a real kube-apiserver (built once per machine by
// scripts/kube-apiserver.sh, which setup.sh runs first): test/cluster/ under Node's test runner, then the
// extension-host files that take their cluster from test/k8s/testCluster.ts (CLUSTER_HOST_FILES). Where no
// apiserver can be built (no apt-get, not root, no network namespaces), one line says why and the same suites run
// on the stand-in. Port-forward stays on the stand-in in the unit and vscode-host stages (it needs a kubelet).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness/paths';
import { runTeed } from '../harness/teeProcess';
import { kubeApiserverBinary } from '../k8s/real/apiServerProcess';
import { KUBE_APISERVER_ENV } from '../k8s/testCluster';

const LABEL = 'cluster';
/** Extension-host test files (test/vscode) that run on the cluster testCluster.ts starts. */
const CLUSTER_HOST_FILES = ['clusterTasks', 'clusterStop', 'clusterFinished', 'clusterPauseHolds'];
/** Its own name in test-results/: the vscode-host stage's report and kept logs stay for whoever reads a failure. */
const HOST_LABEL = 'cluster-host';

async function main(): Promise<number> {
  const root = repoRoot();
  const found = kubeApiserverBinary();
  const env: NodeJS.ProcessEnv = { ...process.env };
  if ('binary' in found) {
    env[KUBE_APISERVER_ENV] = found.binary;
    console.log(`${LABEL}: on a real kube-apiserver (${found.binary})`);
  } else {
    delete env[KUBE_APISERVER_ENV];
    console.log(`${LABEL}: no real kube-apiserver here (${found.unavailable}); the cluster suites run on the stand-in`);
  }
  // OCS_TEST_FILES (names, as the other stages take them) runs only those of the stage's files, of either part.
  const only = wanted(process.env.OCS_TEST_FILES);
  const clusterDir = join(root, 'out', 'test', 'cluster');
  const nodeFiles = only
    ? readdirSync(clusterDir)
        .filter((f) => only.has(f.replace(/\.test\.js$/, '')))
        .map((f) => join(clusterDir, f))
    : [clusterDir];
  const hostFiles = only ? CLUSTER_HOST_FILES.filter((f) => only.has(f)) : CLUSTER_HOST_FILES;
  if (only && !nodeFiles.length && !hostFiles.length)
    throw new Error(`OCS_TEST_FILES=${process.env.OCS_TEST_FILES} names no file of this stage`);
  const skipped = { code: 0, output: '' };
  const node = nodeFiles.length
    ? await run([process.execPath, '--enable-source-maps', '--test', '--test-concurrency=1', ...nodeFiles], env)
    : skipped;
  const nodeCounts = { passed: last(node.output, /^# pass (\d+)$/gm), failed: last(node.output, /^# fail (\d+)$/gm) };
  const host = hostFiles.length
    ? await run([process.execPath, '--enable-source-maps', join(root, 'out', 'test', 'run', 'vscode.js')], {
        ...env,
        OCS_TEST_FILES: hostFiles.join(','),
        OCS_HOST_LABEL: HOST_LABEL,
      })
    : { code: 0, output: `${HOST_LABEL}: 0 passed, 0 failed` };
  const hostLine = [...host.output.matchAll(new RegExp(`^${HOST_LABEL}: (\\d+) passed, (\\d+) failed`, 'gm'))].pop();
  const passed = nodeCounts.passed + Number(hostLine?.[1] ?? 0);
  // A part that crashed before counting is one failure, never a silent zero.
  const nodeFailed = nodeCounts.failed || (node.code !== 0 ? 1 : 0);
  const hostFailed = hostLine ? Number(hostLine[2]) || (host.code !== 0 ? 1 : 0) : 1;
  const failed = nodeFailed + hostFailed;
  console.log(`${LABEL}: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/** The file names OCS_TEST_FILES lists (`.test.js`/`.test.ts` optional), or undefined when it is not set. */
function wanted(names: string | undefined): Set<string> | undefined {
  if (!names?.trim()) return undefined;
  return new Set(
    names
      .split(',')
      .map((n) => n.trim().replace(/\.test\.[jt]s$/, ''))
      .filter(Boolean),
  );
}

function last(output: string, re: RegExp): number {
  const all = [...output.matchAll(re)];
  return all.length ? Number(all[all.length - 1][1]) : 0;
}

function run(command: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return runTeed(command, { cwd: repoRoot(), env });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`${LABEL}:`, error);
    process.exit(1);
  },
);

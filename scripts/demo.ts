// `npm run demo`: a real OpenCode server with a scripted model and sample sessions, and VS Code (the
// server from code-server, used in your browser) with this extension loaded and connected to it.
// With it, a stand-in Kubernetes API server with kubeopencode Agents and Tasks (OCS_DEMO_CLUSTER=0: without).
// Env: OCS_DEMO_PORT (default 8088, else a free one), OCS_DEMO_HOST (default 127.0.0.1).
import { totalTokens, usageOf } from '../src/store/usage';
import { formatCost, formatTokens } from '../src/present/format';
import { startDemoData } from '../test/harness/demoData';
import { demoVsCode } from '../test/harness/demoVsCode';
import { removeDemoHomes } from '../test/harness/demoHome';
import { loopbackPortTaken } from '../src/features/servers/loopbackPort';
import { freePort } from '../test/harness/freePort';
import { killAllTracked } from '../test/harness/processes';
import { allSessions } from '../test/harness/scenario';
import { agentTarget, DEMO_TICK_MS, flakyTarget, startDemoTicker } from '../test/harness/demoTicker';
import { startVsCodeServer } from '../test/vscode-server/vscodeServer';
import { ensureToolchain } from '../test/vscode-server/toolchain';
import { toolchainInstalled } from './toolchain.mjs';
import { repoRoot } from '../test/harness/paths';

/** Ctrl+C before the demo is up: what it started so far is killed and its HOMEs removed (main() replaces this). */
function stopWhileStarting(): void {
  console.log('\ndemo: stopping while it starts…');
  killAllTracked();
  removeDemoHomes();
  process.exit(130);
}

async function main(): Promise<void> {
  process.on('SIGINT', stopWhileStarting);
  process.on('SIGTERM', stopWhileStarting);
  // On a first run the VS Code server's install (which setup.sh started) goes on while the sample sessions are made.
  const toolchain = ensureToolchain();
  toolchain.catch(() => undefined); // a failure is reported where it is awaited, below
  console.log('demo: starting an OpenCode server with a scripted model…');
  const data = await startDemoData({ cluster: process.env.OCS_DEMO_CLUSTER !== '0', say: (line) => console.log(`demo: ${line}`) });
  const { h, demo, cluster } = data;
  const sessions = await allSessions(h);
  const cost = sessions.reduce((sum, s) => sum + (s.cost ?? 0), 0);
  const tokens = sessions.reduce((sum, s) => sum + totalTokens(usageOf(s.tokens, s.cost)), 0);

  if (!toolchainInstalled(repoRoot())) console.log('demo: waiting for the VS Code server to finish installing…');
  await toolchain;
  console.log('demo: starting VS Code…');
  const vscode = await startVsCodeServer({
    port: await demoPort(),
    host: process.env.OCS_DEMO_HOST || '127.0.0.1',
    // A reloaded or closed tab's window goes within half a minute, not VS Code's three hours.
    reconnectionGraceSeconds: 30,
    ...demoVsCode(data),
  });

  let stopping = false;
  // A prompt still in flight when Ctrl+C stops its server fails: that is the stop, not a fault worth a line.
  const failed = (what: string) => (err: unknown) => {
    if (!stopping) console.error(`demo: ${what} failed: ${String(err)}`);
  };

  // Keep something happening, so the badges can be seen changing live (in a steady range: see demoTicker.ts).
  const ticker = startDemoTicker(
    [
      flakyTarget(h, demo.flaky, h.server.projectDir('cli-tool')),
      ...(cluster ? [agentTarget(cluster.agentServer, cluster.liveSessionId, cluster.liveTaskRunning)] : []),
    ],
    DEMO_TICK_MS,
    failed('live prompt'),
  );

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    ticker.stop();
    const since = Date.now();
    console.log('\ndemo: stopping…');
    // Nothing of the demo is kept (its folders are removed next), so nothing waits for a graceful end: every process
    // group it started is killed at once (one after another, with their graces, Ctrl+C took 10–30 s), then their
    // folders are removed.
    killAllTracked();
    // VS Code's workspace is inside the OpenCode server's folder: VS Code is gone before that folder is removed.
    await vscode.stop().catch(() => undefined);
    const vscodeStopped = Date.now();
    await data.stop().catch(() => undefined);
    removeDemoHomes(); // any a server did not remove (it failed to stop)
    const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
    const now = Date.now();
    console.log(
      `demo: stopped in ${seconds(since, now)} (VS Code ${seconds(since, vscodeStopped)}, the rest ${seconds(vscodeStopped, now)}).`,
    );
    process.exit(0);
  };
  process.off('SIGINT', stopWhileStarting);
  process.off('SIGTERM', stopWhileStarting);
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  void vscode.exited.then((code) => {
    if (!stopping) console.error(`demo: VS Code server exited (${code})`);
    void stop();
  });

  console.log(`
OpenCode Sessions demo is running — VS Code ${vscode.vscodeVersion}, OpenCode ${h.server.version}.

  Open in your browser:
  ${vscode.workbenchUrl()}

  Then click the OpenCode icon in the activity bar: ${sessions.length} sessions in two projects
  (child task sessions and a grandchild, a compacted session, two models, one busy for as long as the demo runs, one that changed two
  files while a third was written meanwhile: expand its Changes, and one waiting for your permission to run npm test: answer it in the tree),
  ${formatTokens(tokens)} tokens and ${formatCost(cost)} in all. A new prompt runs every ${DEMO_TICK_MS / 1000} s,
  so "Investigate flaky CI job" changes while you watch.${
    cluster
      ? `
  Below them, the Kubernetes cluster "demo-cluster" (a stand-in API server, not a real cluster): Agents
  "builder" (a second real OpenCode server, reached through the service proxy) and "reviewer" (suspended),
  and Tasks: one running (click it for its live session, which also changes every ${DEMO_TICK_MS / 1000} s), one finished,
  one pending.`
      : ''
  }
  Opening from another machine? Forward port ${vscode.port} (ssh -L ${vscode.port}:127.0.0.1:${vscode.port} …).

Press Ctrl+C to stop everything.`);
}

/** A fixed port is easier to forward and bookmark; fall back to any free one if it is taken. */
async function demoPort(): Promise<number> {
  const wanted = Number(process.env.OCS_DEMO_PORT) || 8088;
  return (await loopbackPortTaken(wanted)) ? freePort() : wanted;
}

main().catch((err) => {
  console.error(`demo: ${err instanceof Error ? err.stack : String(err)}`);
  killAllTracked();
  removeDemoHomes();
  process.exit(1);
});

// The demo's Kubernetes part: a stand-in API server (no cluster can run here; see test/k8s) with
// kubeopencode Agents and Tasks, whose Agent "builder" is a second real `opencode serve` with its own
// scripted model and sessions, so the cluster view shows live sessions next to the local ones. Stop Task works
// as on a cluster: the stand-in plays kubeopencode's controller (test/k8s/taskController.ts).
import { agent, agentPod, completedTask, runningTask, sessionTitle, templateTask } from '../k8s/objects';
import { startStandInApiServer, type StandInApiServer } from '../k8s/standInApiServer';
import { demoHome } from './demoHome';
import { startHarness, type RunningHarness } from './harness';
import { createSession, prompt, spawnChild } from './scenario';
import { text } from './scriptedModel';

const NS = 'agents';

export interface DemoCluster {
  /** User settings that turn the cluster view on. */
  settings: Record<string, unknown>;
  /** Environment for VS Code: KUBECONFIG names the stand-in, as a user's shell would. */
  env: Record<string, string>;
  agentServer: RunningHarness;
  apiServer: StandInApiServer;
  /** The running Task's session, where the demo keeps prompting while the Task runs. */
  liveSessionId: string;
  /** False once the running Task was stopped (Stop Task): its session gets no more prompts. */
  liveTaskRunning: () => boolean;
  stop(): Promise<void>;
}

export async function startDemoCluster(): Promise<DemoCluster> {
  // No plugin, as on a kubeopencode Agent (its image runs OpenCode as it ships): a budget pause holds there by the
  // extension's stop alone, in time for the ticker's replies as they come at a real model's pace (demoTicker.ts).
  const h = await startHarness({ home: demoHome() });
  let apiServer: StandInApiServer | undefined;
  try {
    const running = runningTask('fix-login-redirect', NS, 'builder', new Date(Date.now() - 4 * 60_000).toISOString());
    const live = (await createSession(h, { title: sessionTitle(running) })).id;
    await prompt(h, live, 'Fix the redirect after login', [
      text('Found the redirect bug.', { prompt: 21_000, cached: 9_000, completion: 1_800, reasoning: 500 }),
    ]);
    await spawnChild(h, live, {
      description: 'Check the session cookie',
      parentCall: { prompt: 23_000, cached: 20_000, completion: 300 },
      child: { prompt: 6_400, completion: 1_200 },
      parentAfter: { prompt: 24_500, cached: 22_000, completion: 400 },
    });
    const done = (await createSession(h, { title: 'kubeopencode/agents/update-deps/7f3c2a91' })).id;
    await prompt(h, done, 'Update the dependencies', [text('Updated 12 packages.', { prompt: 15_000, completion: 2_200 })]);
    // A finished Task of an earlier run whose session is gone from the server: only its summary remains.
    const archived = completedTask('nightly-audit', NS, 'builder', 'ses_from_an_earlier_pod', {
      messageCount: 8,
      tokenUsage: { input: 31_000, output: 4_100, reasoning: 900, cache: 52_000 },
      cost: '0.084200',
      filesChanged: 5,
      additions: 120,
      deletions: 34,
    });
    apiServer = await startStandInApiServer({
      token: `demo-${Date.now()}`,
      agents: [
        agent('builder', NS),
        agent('reviewer', NS, { ready: false, suspended: true, idleSince: new Date(Date.now() - 3_600_000).toISOString() }),
      ],
      tasks: [running, archived, templateTask('weekly-report', NS, 'report-template')],
      pods: [agentPod('builder', NS)],
      opencodeUpstream: (ns, name) => (ns === NS && name === 'builder' ? h.server.url : undefined),
      podUpstream: (ns, pod) => (ns === NS && pod.startsWith('builder-server-') ? h.server.url : undefined),
    });
    const kubeconfig = apiServer.kubeconfigFile('demo-cluster', NS);
    const stand = apiServer;
    return {
      settings: { 'opencodeSessions.kubernetes.enabled': true },
      env: { KUBECONFIG: kubeconfig },
      agentServer: h,
      apiServer: stand,
      liveSessionId: live,
      liveTaskRunning: () => (stand.getTask(NS, running.metadata.name)?.status as { phase?: string } | undefined)?.phase === 'Running',
      stop: async () => {
        await Promise.all([stand.stop().catch(() => undefined), h.dispose().catch(() => undefined)]);
      },
    };
  } catch (err) {
    await apiServer?.stop().catch(() => undefined);
    await h.dispose();
    throw err;
  }
}

// The cluster both cluster tests (extension host and UI) look at: namespace team-a with a ready Agent
// "builder" whose OpenCode server is the harness's real one (through the service proxy or its pod's
// port-forward), a suspended and a not-ready Agent, and a running, a finished and a pending Task.
import { completedTask, agent, agentPod, runningTask, sessionTitle, templateTask, type SessionSummary } from './objects';
import { startStandInApiServer, type StandInApiServer } from './standInApiServer';
import type { RunningHarness } from '../harness/harness';
import { createSession, prompt } from '../harness/scenario';
import { text } from '../harness/scriptedModel';

export const TEAM_TOKEN = 'stand-in-token';
export const TEAM_NS = 'team-a';

export interface TeamCluster {
  apiServer: StandInApiServer;
  /** The session of the running Task "fix-login" (titled as kubeopencode titles it). */
  liveSessionId: string;
  /** An earlier Task's session, still on the builder's server. */
  finishedSessionId: string;
  /** The finished Task "add-tests": its session is on no server, so only this summary counts. */
  summary: SessionSummary;
  /** Agents whose Service and pod reach the harness's server (an Agent that is not ready has no endpoints). */
  reachable: Set<string>;
}

export async function startTeamCluster(h: RunningHarness): Promise<TeamCluster> {
  const running = runningTask('fix-login', TEAM_NS, 'builder', new Date(Date.now() - 90_000).toISOString());
  const liveSessionId = (await createSession(h, { title: sessionTitle(running) })).id;
  const finishedSessionId = (await createSession(h, { title: 'kubeopencode/team-a/old-task/0000abcd' })).id;
  await prompt(h, finishedSessionId, 'Earlier work', [text('Done.', { prompt: 1_000, completion: 100 })]);
  const summary: SessionSummary = {
    messageCount: 6,
    tokenUsage: { input: 12_000, output: 3_400, reasoning: 600, cache: 20_000 },
    cost: '0.052300',
    filesChanged: 3,
    additions: 41,
    deletions: 7,
  };
  const reachable = new Set(['builder']);
  const apiServer = await startStandInApiServer({
    token: TEAM_TOKEN,
    agents: [
      agent('builder', TEAM_NS),
      agent('sleeper', TEAM_NS, { ready: false, suspended: true }),
      agent('broken', TEAM_NS, { ready: false }),
    ],
    tasks: [
      running,
      completedTask('add-tests', TEAM_NS, 'builder', 'ses_not_on_this_server', summary),
      templateTask('nightly', TEAM_NS, 'nightly-template'),
    ],
    pods: [agentPod('builder', TEAM_NS)],
    opencodeUpstream: (ns, name) => (ns === TEAM_NS && reachable.has(name) ? h.server.url : undefined),
    podUpstream: (ns, pod) =>
      ns === TEAM_NS && [...reachable].some((name) => pod.startsWith(`${name}-server-`)) ? h.server.url : undefined,
  });
  return { apiServer, liveSessionId, finishedSessionId, summary, reachable };
}

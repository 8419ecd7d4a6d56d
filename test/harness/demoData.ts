// Everything `npm run demo` shows, without VS Code: a real OpenCode server with the sample sessions (the
// changed files, one waiting for permission to run npm test) and, unless left out, the stand-in cluster. The demo
// script starts VS Code on it; the UI test of what a newcomer sees (test/ui/firstMinutes) opens the same.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENDPOINT_DIR_VARIABLE } from '../../src/client/discovery/endpointDiscovery';
import { startDemoCluster, type DemoCluster } from './demoCluster';
import { demoWebshop, seedDemoEdits } from './demoEdits';
import { demoHome } from './demoHome';
import { seedDemoSessions, type DemoSessions } from './demoSessions';
import { startHarness, type RunningHarness } from './harness';
import { createSession, getSession, pendingPermissions, promptAsync } from './scenario';
import { pluginScript } from './paths';
import { waitFor } from './waitFor';
import { toolCall } from './scriptedModel';

export const WAITING_TITLE = 'Run the test suite';

export interface DemoData {
  h: RunningHarness;
  demo: DemoSessions;
  /** The web shop project (a git project): the workspace VS Code opens. */
  webshop: string;
  /** The session that changed files (DEMO_EDITS), and the one waiting for permission to run npm test. */
  edits: string;
  waiting: string;
  cluster?: DemoCluster;
  /**
   * What VS Code is started with: the server and the cluster's settings (machine-scoped, so a remote window reads
   * them from the remote machine's settings).
   */
  machineSettings: Record<string, unknown>;
  /** The environment VS Code is started with: the cluster's, and the endpoint folder the server's plugin asks. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startDemoData(options: { cluster: boolean; say?: (line: string) => void }): Promise<DemoData> {
  const say = options.say ?? (() => undefined);
  // bash asks first, so one sample session waits for the user (Allow Once / Allow Always / Reject in the tree).
  // The stand-in cluster (a second OpenCode server with its own scripted model, and its sessions) shares nothing
  // with the local server: it starts beside it, not after it (a later run's URL 7–10 s sooner).
  const clusterStart = options.cluster ? startDemoCluster() : undefined;
  clusterStart?.catch(() => undefined); // a failure is reported where it is awaited, below
  if (clusterStart) say('starting a stand-in Kubernetes API server with kubeopencode Agents and Tasks beside it…');
  // The project's plugin is installed, as Install session_status Tool… would (issue 73): a budget pause holds in the
  // server itself, for the demo's other-client prompts too. It finds the demo's VS Code through a private folder of
  // the demo's own (the endpoint folder VS Code is started with), not the user's ~/.opencode-sessions.
  const endpoints = mkdtempSync(join(tmpdir(), 'ocs-demo-endpoints-'));
  const plugin = pathToFileURL(pluginScript()).href;
  const h = await startHarness({
    home: demoHome(),
    config: { permission: { bash: 'ask' }, plugin: [plugin] },
    // npm's update check would end the npm test the waiting session runs with a notice about npm itself.
    env: { [ENDPOINT_DIR_VARIABLE]: endpoints, npm_config_update_notifier: 'false' },
  }).catch(async (error: unknown) => {
    await clusterStart?.then((c) => c.stop()).catch(() => undefined);
    rmSync(endpoints, { recursive: true, force: true });
    throw error;
  });
  let cluster: DemoCluster | undefined;
  let demo: DemoSessions | undefined;
  try {
    say(`OpenCode ${h.server.version} started; creating sample sessions…`);
    const webshop = demoWebshop(h);
    demo = await seedDemoSessions(h);
    // Its turn also records a file written meanwhile (as by a person in the editor): Changes shows it apart.
    const edits = await seedDemoEdits(h, webshop);
    const waiting = (await createSession(h, { title: WAITING_TITLE, directory: webshop })).id;
    await promptAsync(
      h,
      waiting,
      'Run the tests and fix what fails',
      [toolCall('bash', { command: 'npm test', description: 'Run the tests' })],
      webshop,
    );
    // The busy and waiting sessions' prompts return before the model is asked: until each has taken its reply from
    // the scripted model's queue, a prompt made next (the demo's ticker) could take it instead and stop on npm test.
    await waitFor(
      'the sample sessions to take their replies and the permission to be asked',
      async () => ({ replies: h.model.pending, asked: (await pendingPermissions(h, webshop)).map((p) => p.sessionID) }),
      ({ replies, asked }) => replies === 0 && asked.includes(waiting),
    );
    if (clusterStart) {
      say('waiting for the stand-in cluster…');
      cluster = await clusterStart;
    }
    const started = { demo, cluster };
    return {
      h,
      demo,
      webshop,
      edits,
      waiting,
      cluster,
      machineSettings: { 'opencodeSessions.servers': [{ name: 'demo', url: h.server.url }], ...cluster?.settings },
      env: { ...cluster?.env, [ENDPOINT_DIR_VARIABLE]: endpoints },
      stop: async () => {
        started.demo.releaseBusy();
        // Side by side: nothing of one waits for the other (Ctrl+C took 29.8 s one after another).
        await Promise.all([started.cluster?.stop().catch(() => undefined), h.dispose().catch(() => undefined)]);
        rmSync(endpoints, { recursive: true, force: true });
      },
    };
  } catch (error) {
    demo?.releaseBusy();
    await clusterStart?.then((c) => c.stop()).catch(() => undefined);
    await h.dispose().catch(() => undefined);
    rmSync(endpoints, { recursive: true, force: true });
    throw error;
  }
}

/** The README's per-session budget set to pause, as the demo's UI tests set it, and where the flaky session runs. */
export interface FlakyPause {
  /** The flaky session's project folder: the ticker prompts it there. */
  cli: string;
  /** Just above what the flaky session spent: the ticker's next turn (about $0.03) crosses it. */
  limit: number;
  /** The demo's machine settings with that budget, pausing. */
  machineSettings: Record<string, unknown>;
}

export async function flakyPause(data: DemoData): Promise<FlakyPause> {
  const cli = data.h.server.projectDir('cli-tool');
  const limit = Math.ceil(((await getSession(data.h, data.demo.flaky, cli)).cost ?? 0) * 100 + 1) / 100;
  const machineSettings = {
    ...data.machineSettings,
    'opencodeSessions.budget.perSession': limit,
    'opencodeSessions.budget.onExceeded': 'pause',
  };
  return { cli, limit, machineSettings };
}

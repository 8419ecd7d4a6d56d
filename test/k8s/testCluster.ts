// The cluster a cluster suite runs on: the real kube-apiserver when the cluster stage names its binary
// (OCS_KUBE_APISERVER, see test/run/cluster.ts), else the stand-in. Both are driven the same way, the way
// kubeopencode's controller drives a cluster: Agents and Tasks with their status, and an Agent's Service given
// endpoints (its pod running) that lead to a real OpenCode server of the test.
import { agentPod, type KubeObject } from './objects';
import { startStandInApiServer } from './standInApiServer';
import { startApiServer, type ApiServerProcess } from './real/apiServerProcess';
import { installCrds, realCluster } from './real/realCluster';
import { adminRequest, ApiError } from './real/adminRequest';

export const KUBE_APISERVER_ENV = 'OCS_KUBE_APISERVER';

export interface ClusterRequest {
  method: string;
  /** Path and query. */
  url: string;
  status?: number;
}

export interface ClusterUser {
  username: string;
  groups: string[];
}

export interface TestCluster {
  readonly kind: 'real' | 'stand-in';
  /** What the suite ran against, for its title: "kube-apiserver v1.20.2" or "the stand-in API server". */
  readonly name: string;
  readonly url: string;
  /** The token kubeconfigs carry by default. */
  readonly token: string;
  /** A user who is authenticated but has no rights (every request 403, until a test binds a Role on the real one). */
  readonly viewerToken: string;
  kubeconfig(context?: string, namespace?: string, token?: string): string;
  kubeconfigFile(context?: string, namespace?: string, token?: string): string;
  setAgent(agent: KubeObject): Promise<void>;
  setTask(task: KubeObject): Promise<void>;
  deleteAgent(namespace: string, name: string): Promise<void>;
  deleteTask(namespace: string, name: string): Promise<void>;
  /** The Agent's Service gets endpoints, its pod runs, and both lead to `upstream` (an OpenCode server's URL). */
  reach(namespace: string, agent: string, upstream: string): Promise<void>;
  /** The Agent's Service loses its endpoints and its pod goes (scaled to zero). */
  unreach(namespace: string, agent: string): Promise<void>;
  /** Records an Event (kubeEvent() in objects.ts), as kubeopencode's controller does. */
  recordEvent(event: KubeObject): Promise<void>;
  /** Who a bearer token belongs to, as a TokenReview says (the stand-in knows its one token); undefined: nobody. */
  authenticate(token: string): Promise<ClusterUser | undefined>;
  /** The Agent as `user` may read it (impersonated): undefined when absent; rejects with ApiError 403 when forbidden. */
  getAgent(namespace: string, name: string, user: ClusterUser): Promise<KubeObject | undefined>;
  /** The Task as it is now (as `user` may read it); undefined when absent. */
  getTask(namespace: string, name: string, user?: ClusterUser): Promise<KubeObject | undefined>;
  /** A JSON merge patch of the Task as `user` (as kubeopencode-server acts for its caller); rejects with ApiError. */
  patchTask(namespace: string, name: string, patch: unknown, user?: ClusterUser): Promise<KubeObject>;
  /** Credentials with every right, for stand-ins of cluster components (base64 CA, bearer token). */
  readonly admin: { caData: string; token: string };
  /** Requests from the extension (not the suite's own setup), oldest first. */
  requests(): ClusterRequest[];
  /** Compacts the history: a watch from an earlier resourceVersion is expired (410 Gone). */
  compact(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestClusterInit {
  agents?: KubeObject[];
  tasks?: KubeObject[];
  /**
   * The stand-in plays kubeopencode's controller on Stop Task (test/k8s/taskController.ts) unless this is false; the
   * real kube-apiserver runs no controller (a test plays its part there).
   */
  controller?: boolean;
}

/** What startTestCluster() starts, for suite titles. */
export function clusterUnderTest(): string {
  return process.env[KUBE_APISERVER_ENV] ? 'the real kube-apiserver' : 'the stand-in API server';
}

/** The real API server when OCS_KUBE_APISERVER names its binary, else the stand-in. */
export function startTestCluster(init: TestClusterInit = {}): Promise<TestCluster> {
  const binary = process.env[KUBE_APISERVER_ENV];
  return binary ? startReal(binary, init) : startStandIn(init);
}

async function startReal(binary: string, init: TestClusterInit): Promise<TestCluster> {
  const server: ApiServerProcess = await startApiServer(binary);
  try {
    await installCrds(server);
  } catch (err) {
    await server.stop();
    throw err;
  }
  const real = realCluster(server);
  const cluster: TestCluster = {
    kind: 'real',
    name: `kube-apiserver ${server.version}`,
    url: server.url,
    token: server.developerToken,
    viewerToken: server.viewerToken,
    kubeconfig: (context, namespace, token) => real.kubeconfig(context, namespace, token),
    kubeconfigFile: (context, namespace, token) => real.kubeconfigFile(context, namespace, token),
    setAgent: async (agent) => void (await real.setAgent(agent)),
    setTask: async (task) => void (await real.setTask(task)),
    deleteAgent: (namespace, name) => real.deleteAgent(namespace, name),
    deleteTask: (namespace, name) => real.deleteTask(namespace, name),
    reach: (namespace, agent, upstream) => real.reach(namespace, agent, upstream),
    unreach: (namespace, agent) => real.unreach(namespace, agent),
    recordEvent: (event) => real.recordEvent(event),
    authenticate: async (token) => {
      const review = (await adminRequest(server, 'POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenReview',
        spec: { token },
      })) as { status?: { authenticated?: boolean; user?: { username?: string; groups?: string[] } } };
      const user = review.status?.user;
      return review.status?.authenticated && user?.username ? { username: user.username, groups: user.groups ?? [] } : undefined;
    },
    getAgent: (namespace, name, user) =>
      getOrUndefined(server, `/apis/kubeopencode.io/v1alpha1/namespaces/${namespace}/agents/${name}`, user),
    getTask: (namespace, name, user) => getOrUndefined(server, taskPath(namespace, name), user),
    patchTask: async (namespace, name, patch, user) =>
      (await adminRequest(server, 'PATCH', taskPath(namespace, name), patch, MERGE_PATCH, user)) as KubeObject,
    admin: { caData: server.caData, token: server.adminToken },
    requests: () => real.requests(),
    compact: () => real.compactEtcd(),
    stop: async () => {
      real.close();
      await server.stop();
    },
  };
  for (const agent of init.agents ?? []) await cluster.setAgent(agent);
  for (const task of init.tasks ?? []) await cluster.setTask(task);
  return cluster;
}

const STAND_IN_TOKEN = 'stand-in-token';
const STAND_IN_VIEWER = 'stand-in-viewer';
const MERGE_PATCH = 'application/merge-patch+json';

const taskPath = (namespace: string, name: string) => `/apis/kubeopencode.io/v1alpha1/namespaces/${namespace}/tasks/${name}`;

async function getOrUndefined(
  server: { url: string; caData: string; adminToken: string },
  path: string,
  as?: ClusterUser,
): Promise<KubeObject | undefined> {
  try {
    return (await adminRequest(server, 'GET', path, undefined, undefined, as)) as KubeObject;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

async function startStandIn(init: TestClusterInit): Promise<TestCluster> {
  const upstreams = new Map<string, string>();
  const server = await startStandInApiServer({
    token: STAND_IN_TOKEN,
    viewerToken: STAND_IN_VIEWER,
    agents: init.agents,
    tasks: init.tasks,
    controller: init.controller ?? true,
    opencodeUpstream: (namespace, agent) => upstreams.get(`${namespace}/${agent}`),
    podUpstream: (namespace, pod) =>
      [...upstreams].find(([key]) => pod.startsWith(`${key.split('/')[1]}-server-`) && key.startsWith(`${namespace}/`))?.[1],
  });
  return {
    kind: 'stand-in',
    name: 'the stand-in API server',
    url: server.url,
    token: STAND_IN_TOKEN,
    viewerToken: STAND_IN_VIEWER,
    kubeconfig: (context, namespace, token) => server.kubeconfig(context, namespace, token),
    kubeconfigFile: (context, namespace, token) => server.kubeconfigFile(context, namespace, token),
    // The stand-in applies a change at once; the promise is for the real server's sake.
    setAgent: (agent) => Promise.resolve(server.setAgent(agent)),
    setTask: (task) => Promise.resolve(server.setTask(task)),
    deleteAgent: (namespace, name) => Promise.resolve(server.deleteAgent(namespace, name)),
    deleteTask: (namespace, name) => Promise.resolve(server.deleteTask(namespace, name)),
    reach: (namespace, agent, upstream) => {
      upstreams.set(`${namespace}/${agent}`, upstream);
      return Promise.resolve(server.setPod(agentPod(agent, namespace)));
    },
    unreach: (namespace, agent) => {
      upstreams.delete(`${namespace}/${agent}`);
      return Promise.resolve(server.deletePod(namespace, agentPod(agent, namespace).metadata.name));
    },
    recordEvent: (event) => Promise.resolve(server.setEvent(event)),
    authenticate: (token) =>
      Promise.resolve(
        token === STAND_IN_TOKEN
          ? { username: 'stand-in-user', groups: [] }
          : token === STAND_IN_VIEWER
            ? { username: STAND_IN_VIEWER, groups: [] }
            : undefined,
      ),
    // The stand-in has one user and no impersonation.
    getAgent: (namespace, name) =>
      getOrUndefined(
        { url: server.url, caData: server.caData, adminToken: STAND_IN_TOKEN },
        `/apis/kubeopencode.io/v1alpha1/namespaces/${namespace}/agents/${name}`,
      ),
    getTask: (namespace, name) =>
      getOrUndefined({ url: server.url, caData: server.caData, adminToken: STAND_IN_TOKEN }, taskPath(namespace, name)),
    // No impersonation here: the viewer acts with the viewer's token.
    patchTask: async (namespace, name, patch, user) => {
      const adminToken = user?.username === STAND_IN_VIEWER ? STAND_IN_VIEWER : STAND_IN_TOKEN;
      return (await adminRequest(
        { url: server.url, caData: server.caData, adminToken },
        'PATCH',
        taskPath(namespace, name),
        patch,
        MERGE_PATCH,
      )) as KubeObject;
    },
    admin: { caData: server.caData, token: STAND_IN_TOKEN },
    requests: () => server.requests,
    compact: () => Promise.resolve(server.compact()),
    stop: () => server.stop(),
  };
}

// kubeopencode on the real API server, as the tests drive it: they play kubeopencode's controller (no controller
// runs here), writing Agents and Tasks with their status through the status subresource, and the Pod, Service and
// Endpoints behind a reachable Agent, whose address in the server's network namespace leads to a real OpenCode
// server of the test. The same objects the stand-in is given (test/k8s/objects.ts) are written here.
import { dumpYaml, loadAllYaml } from '@kubernetes/client-node';
import { randomInt } from 'node:crypto';
import { request } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../harness/paths';
import { kubeconfigYaml } from '../kubeconfig';
import { AGENT_LABEL, API_VERSION, agentPod, type KubeObject } from '../objects';
import { adminRequest, ApiError } from './adminRequest';
import { serveEndpoint, type ApiServerInfo } from './apiServerProcess';

/** An object to write: the server sets uid, resourceVersion and creationTimestamp. */
type Writable = Omit<KubeObject, 'metadata'> & { metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

export interface AuditedRequest {
  method: string;
  url: string;
  status?: number;
  user: string;
}

export interface RealCluster {
  readonly info: ApiServerInfo;
  readonly url: string;
  readonly caData: string;
  /** A kubeconfig for user `developer` (or the token given), as a user would have it. */
  kubeconfig(context?: string, namespace?: string, token?: string): string;
  kubeconfigFile(context?: string, namespace?: string, token?: string): string;
  /** The namespace and its `default` ServiceAccount (Pods need it; a controller-manager would make it). */
  ensureNamespace(namespace: string): Promise<void>;
  /** Creates the object or replaces it, then writes its status as kubeopencode's controller does; an Agent also
   *  gets its Service (port `http`), without endpoints until reach(). */
  setAgent(agent: KubeObject): Promise<KubeObject>;
  setTask(task: KubeObject): Promise<KubeObject>;
  deleteAgent(namespace: string, name: string): Promise<void>;
  deleteTask(namespace: string, name: string): Promise<void>;
  /** The Agent's Pod (Running, with an address), Service and Endpoints, and its address served by `upstream`. */
  reach(namespace: string, agent: string, upstream: string, port?: number): Promise<void>;
  /** No endpoints any more (the Service stays, as when a Deployment scales to zero), and no Pod. */
  unreach(namespace: string, agent: string): Promise<void>;
  /** Creates an events.k8s.io/v1 Event (kubeEvent() in objects.ts). */
  recordEvent(event: KubeObject): Promise<void>;
  /** What reached the server from anyone but the tests' own setup (`admin`), oldest first, from its audit log. */
  requests(): AuditedRequest[];
  /** Compacts etcd up to now: a watch from any earlier resourceVersion is then expired (410). */
  compactEtcd(): Promise<void>;
  close(): void;
}

/** Set by the cluster stage (test/run/cluster.ts) to the JSON of the server it started for every suite. */
export const INFO_ENV = 'OCS_KUBE_APISERVER_INFO';

/** The real API server the cluster stage runs the suites on, or undefined (the suites use the stand-in). */
export function sharedApiServer(): ApiServerInfo | undefined {
  const path = process.env[INFO_ENV];
  return path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ApiServerInfo) : undefined;
}

const CRD_FILE = () => join(repoRoot(), 'test', 'k8s', 'real', 'crds.yaml');

/** kubeopencode's CRDs (crds.yaml), once per server; resolves when both are established. */
export async function installCrds(info: ApiServerInfo): Promise<void> {
  for (const crd of loadAllYaml(readFileSync(CRD_FILE(), 'utf8')) as KubeObject[]) {
    const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions`;
    try {
      // As YAML with the schema's own key names: the typed object loadAllYaml makes names them its way
      // (x_kubernetes_preserve_unknown_fields), which the API server would drop as unknown.
      await adminRequest(info, 'POST', path, dumpYaml(crd), 'application/yaml');
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 409)) throw err;
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      const got = (await adminRequest(info, 'GET', `${path}/${crd.metadata.name}`)) as KubeObject;
      const conditions = (got.status?.conditions ?? []) as { type: string; status: string }[];
      if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata.name} not established: ${JSON.stringify(conditions)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export function realCluster(info: ApiServerInfo): RealCluster {
  const closers = new Map<string, () => void>();
  const files: string[] = [];
  const admin = (method: string, path: string, body?: unknown, contentType?: string) => adminRequest(info, method, path, body, contentType);
  const namespaces = new Set<string>();
  let node: Promise<string> | undefined;

  const ensureNamespace = async (namespace: string) => {
    if (namespaces.has(namespace)) return;
    for (const [path, body] of [
      ['/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }],
      [`/api/v1/namespaces/${namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } }],
    ] as const) {
      try {
        await admin('POST', path, body);
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 409)) throw err;
      }
    }
    namespaces.add(namespace);
  };

  /** Creates or replaces `object` at `collection`, then its status; answers what the server stored. */
  const put = async (collection: string, object: Writable): Promise<KubeObject> => {
    if (object.metadata.namespace) await ensureNamespace(object.metadata.namespace);
    const { name, namespace, labels } = object.metadata;
    const metadata = { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) };
    const body = { apiVersion: object.apiVersion, kind: object.kind, metadata, spec: object.spec };
    let stored: KubeObject;
    try {
      const existing = (await admin('GET', `${collection}/${name}`)) as KubeObject;
      const update = { ...body, metadata: { ...metadata, resourceVersion: existing.metadata.resourceVersion } };
      stored = (await admin('PUT', `${collection}/${name}`, update)) as KubeObject;
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
      stored = (await admin('POST', collection, body)) as KubeObject;
    }
    if (!object.status) return stored;
    const status = withoutEmptyStrings(object.status);
    return (await admin('PUT', `${collection}/${name}/status`, { ...stored, status })) as KubeObject;
  };

  const remove = async (path: string) => {
    try {
      await admin('DELETE', path);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
  };

  const custom = (plural: string, namespace: string) => `/apis/${API_VERSION}/namespaces/${namespace}/${plural}`;
  const core = (plural: string, namespace: string) => `/api/v1/namespaces/${namespace}/${plural}`;
  const podName = (agent: string) => agentPod(agent, '').metadata.name;
  // Each reachable Agent gets its own pod address in the namespace's range (10.244.0.0/16; .0.x is left alone).
  const addresses = new Map<string, string>();
  const addressOf = (namespace: string, agent: string) => {
    const key = `${namespace}/${agent}`;
    let address = addresses.get(key);
    if (!address) addresses.set(key, (address = `10.244.${randomInt(1, 255)}.${randomInt(1, 255)}`));
    return address;
  };

  const kubeconfig = (context = 'real', namespace?: string, token = info.developerToken) =>
    kubeconfigYaml({ server: info.url, caData: info.caData, token, context, namespace });

  return {
    info,
    url: info.url,
    caData: info.caData,
    kubeconfig,
    kubeconfigFile: (context, namespace, token) => {
      const dir = mkdtempSync(join(tmpdir(), 'ocs-real-kube-'));
      files.push(dir);
      const path = join(dir, `kubeconfig-${readdirSync(dir).length + 1}`);
      writeFileSync(path, kubeconfig(context, namespace, token));
      return path;
    },
    ensureNamespace,
    setAgent: async (agent) => {
      const stored = await put(custom('agents', agent.metadata.namespace), agent);
      await ensureService(agent.metadata.namespace, agent.metadata.name, Number(agent.spec?.port ?? 4096));
      return stored;
    },
    setTask: (task) => put(custom('tasks', task.metadata.namespace), task),
    deleteAgent: (namespace, name) => remove(`${custom('agents', namespace)}/${name}`),
    deleteTask: (namespace, name) => remove(`${custom('tasks', namespace)}/${name}`),
    reach: async (namespace, agent, upstream, port = 4096) => {
      await ensureNamespace(namespace);
      const address = addressOf(namespace, agent);
      closers.get(`${namespace}/${agent}`)?.();
      closers.set(`${namespace}/${agent}`, await serveEndpoint(info, address, port, new URL(upstream)));
      const labels = { [AGENT_LABEL]: agent };
      const pod: Writable = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: podName(agent), namespace, labels },
        spec: {
          nodeName: await ensureNode(),
          automountServiceAccountToken: false,
          containers: [{ name: 'opencode', image: 'ghcr.io/kubeopencode/opencode:latest', ports: [{ name: 'http', containerPort: port }] }],
        },
        status: {
          phase: 'Running',
          podIP: address,
          podIPs: [{ ip: address }],
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      };
      await put(core('pods', namespace), pod);
      await ensureService(namespace, agent, port);
      await putEndpoints(namespace, agent, {
        subsets: [
          {
            addresses: [{ ip: address, targetRef: { kind: 'Pod', name: podName(agent), namespace } }],
            ports: [{ name: 'http', port, protocol: 'TCP' }],
          },
        ],
      });
    },
    unreach: async (namespace, agent) => {
      closers.get(`${namespace}/${agent}`)?.();
      closers.delete(`${namespace}/${agent}`);
      await putEndpoints(namespace, agent, { subsets: [] });
      await remove(`${core('pods', namespace)}/${podName(agent)}`);
    },
    recordEvent: async (event) => {
      const { name, namespace } = event.metadata;
      await ensureNamespace(namespace);
      const { metadata: _ignored, ...rest } = event as KubeObject & Record<string, unknown>;
      await admin('POST', `/apis/events.k8s.io/v1/namespaces/${namespace}/events`, { ...rest, metadata: { name, namespace } });
    },
    requests: () => auditedRequests(info),
    compactEtcd: () => compactEtcd(info),
    close: () => {
      for (const close of closers.values()) close();
      closers.clear();
      for (const dir of files.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };

  // The Node the Agents' pods are scheduled on: a scheduled pod is what the apiserver expects of a running one (its
  // port-forward looks the node up first). No kubelet answers at its address.
  function ensureNode(): Promise<string> {
    node ??= (async () => {
      const name = 'node-1';
      await put('/api/v1/nodes', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name },
        spec: {},
        status: {
          addresses: [{ type: 'InternalIP', address: '10.244.0.2' }],
          daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
          conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
        },
      });
      return name;
    })();
    return node;
  }

  // kubeopencode's Service for an Agent: named after it, one port `http`, selecting its pods; and its Endpoints,
  // empty until a pod runs, as the endpoints controller (not running here) would keep them.
  async function ensureService(namespace: string, agent: string, port: number): Promise<void> {
    const labels = { [AGENT_LABEL]: agent };
    try {
      await admin('POST', core('services', namespace), {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: agent, namespace, labels },
        spec: { selector: labels, ports: [{ name: 'http', port, targetPort: port, protocol: 'TCP' }] },
      });
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 409)) throw err;
      return;
    }
    await putEndpoints(namespace, agent, { subsets: [] });
  }

  // Endpoints carry no status and no spec: written whole.
  async function putEndpoints(namespace: string, name: string, body: { subsets: unknown[] }): Promise<void> {
    const path = core('endpoints', namespace);
    const object = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace }, ...body };
    try {
      const existing = (await admin('GET', `${path}/${name}`)) as KubeObject;
      await admin('PUT', `${path}/${name}`, {
        ...object,
        metadata: { ...object.metadata, resourceVersion: existing.metadata.resourceVersion },
      });
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
      await admin('POST', path, object);
    }
  }
}

/**
 * This build of 1.20 (Debian's source, Go 1.19, the newer reflect2 and json-iterator) reads an empty string in a
 * custom resource as null, so its schema refuses `message: ""` in a condition ("must be of type string: null");
 * on a released apiserver it is accepted. An empty value says nothing, so it is left out instead.
 */
function withoutEmptyStrings<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutEmptyStrings) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [k, withoutEmptyStrings(v)]),
    ) as T;
  return value;
}

interface AuditEvent {
  auditID: string;
  verb: string;
  requestURI: string;
  user?: { username?: string };
  responseStatus?: { code?: number };
}

const VERB_METHOD: Record<string, string> = {
  get: 'GET',
  list: 'GET',
  watch: 'GET',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
};

function auditedRequests(info: ApiServerInfo): AuditedRequest[] {
  const path = join(info.dir, 'audit.log');
  if (!existsSync(path)) return [];
  const byId = new Map<string, AuditedRequest>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const event = JSON.parse(line) as AuditEvent;
    const user = event.user?.username ?? '';
    if (user === 'admin' || user.startsWith('system:')) continue;
    const record = byId.get(event.auditID) ?? { method: VERB_METHOD[event.verb] ?? event.verb, url: event.requestURI, user };
    if (event.responseStatus?.code) record.status = event.responseStatus.code;
    byId.set(event.auditID, record);
  }
  return [...byId.values()];
}

/** etcd's gRPC gateway, through the namespace's etcd.sock: the current revision, then a compaction up to it. */
async function compactEtcd(info: ApiServerInfo): Promise<void> {
  const call = (path: string, body: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const req = request({ socketPath: join(info.dir, 'etcd.sock'), path, method: 'POST' }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`etcd ${path}: ${res.statusCode} ${text}`)),
        );
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  const range = (await call('/v3/kv/range', { key: Buffer.from('/').toString('base64') })) as { header: { revision: string } };
  await call('/v3/kv/compaction', { revision: range.header.revision, physical: true });
}

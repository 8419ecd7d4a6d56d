// A stand-in for a Kubernetes API server with kubeopencode's CRDs, serving only the routes the extension
// calls: kubeopencode Agents and Tasks (list, get, watch), Pods by label, discovery, the service proxy
// to each Agent's OpenCode server, and pod port-forward over a WebSocket. HTTPS with a per-run self-signed cert and Bearer-token auth, so the real
// @kubernetes/client-node talks to it through an ordinary kubeconfig. The cluster stage runs the cluster suites on
// a real kube-apiserver (test/k8s/real) and compares this one's answers with it on every route both serve
// (test/cluster/standInParity.test.ts); port-forward needs a kubelet, which cannot run here, so it is tested here.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closerFor } from '../harness/serverSockets';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { kubeopencodeResources, apiGroupList } from './discovery';
import { kubeconfigYaml } from './kubeconfig';
import { GROUP, VERSION, API_VERSION, sessionTitle, type KubeObject } from './objects';
import { ObjectStore, ResourceVersionClock, parseLabelSelector, type Filter, type WatchEvent } from './objectStore';
import { proxyToUpstream } from './serviceProxy';
import { PortForwarder, parsePorts, refuseUpgrade } from './portForward';
import { makeSelfSignedCert } from './selfSignedCert';
import { abortOnAgent, startTaskController, type StopRun } from './taskController';
import { forbidden, kubeStatus, notFound, notFoundResource, sendJson, sendStatus, unauthorized, type KubeStatus } from './status';

export interface StandInOptions {
  token: string;
  /** A user who is authenticated but may do nothing: every request of this token is answered 403. */
  viewerToken?: string;
  /** Like a namespace-scoped ServiceAccount: only these namespaces, and no cluster-wide lists. */
  restrictedToNamespaces?: string[];
  /** false: kubeopencode's CRDs are missing (404 on its routes, group absent from /apis). Default true. */
  crdsInstalled?: boolean;
  agents?: KubeObject[];
  tasks?: KubeObject[];
  pods?: KubeObject[];
  /** events.k8s.io/v1 Events. */
  events?: KubeObject[];
  /** Base URL of the OpenCode server behind an Agent's Service; undefined: the Service has no endpoints. */
  opencodeUpstream: (namespace: string, agent: string) => string | undefined;
  /**
   * Where a pod's port really is, `host:port` or a URL, for port-forward; undefined (or no function): nothing
   * listens there, so the forward reports the refused dial on its error channel and closes.
   */
  podUpstream?: (namespace: string, pod: string, port: number) => string | undefined;
  /**
   * kubeopencode's controller acting on Stop Task (test/k8s/taskController.ts): on by default, ending a stopped
   * run by aborting its session on the Agent's server; a function ends it another way; false: no controller (a
   * test plays its part).
   */
  controller?: boolean | StopRun;
}

export interface RequestRecord {
  method: string;
  /** Path and query as received. */
  url: string;
  /** Filled in when the response ends. */
  status?: number;
}

export interface StandInApiServer {
  url: string;
  /** The self-signed certificate, base64 PEM, as kubeconfig's certificate-authority-data. */
  caData: string;
  /** With `token`, a user whose token this server does not know. */
  kubeconfig(context?: string, namespace?: string, token?: string): string;
  /** The same kubeconfig written to a new file (removed by stop()), for KUBECONFIG or the kubeconfig setting. */
  kubeconfigFile(context?: string, namespace?: string, token?: string): string;
  setAgent(agent: KubeObject): void;
  deleteAgent(namespace: string, name: string): void;
  setTask(task: KubeObject): void;
  /** The Task as stored now (the controller may have ended it). */
  getTask(namespace: string, name: string): KubeObject | undefined;
  deleteTask(namespace: string, name: string): void;
  setPod(pod: KubeObject): void;
  /** Records an events.k8s.io/v1 Event (see kubeEvent() in objects.ts). */
  setEvent(event: KubeObject): void;
  deletePod(namespace: string, name: string): void;
  /** Forgets every resource's history, as an etcd compaction does: watches from earlier versions are expired. */
  compact(): void;
  readonly requests: RequestRecord[];
  stop(): Promise<void>;
}

type Plural = 'agents' | 'tasks' | 'pods' | 'events';
const LIST_KIND: Record<Plural, string> = { agents: 'AgentList', tasks: 'TaskList', pods: 'PodList', events: 'EventList' };
const LIST_API_VERSION: Record<Plural, string> = { agents: API_VERSION, tasks: API_VERSION, pods: 'v1', events: 'events.k8s.io/v1' };

const VERB: Record<string, string> = { GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

export async function startStandInApiServer(options: StandInOptions): Promise<StandInApiServer> {
  const crdsInstalled = options.crdsInstalled ?? true;
  const clock = new ResourceVersionClock();
  const stores: Record<Plural, ObjectStore> = {
    agents: new ObjectStore(clock),
    tasks: new ObjectStore(clock),
    pods: new ObjectStore(clock),
    events: new ObjectStore(clock),
  };
  for (const plural of ['agents', 'tasks', 'pods', 'events'] as const) for (const o of options[plural] ?? []) stores[plural].set(o);
  const agentOf = (task: KubeObject) => (task.spec as { agentRef?: { name?: string } } | undefined)?.agentRef?.name;
  const stopRun =
    typeof options.controller === 'function'
      ? options.controller
      : abortOnAgent((task) => {
          const agentName = agentOf(task);
          return agentName ? options.opencodeUpstream(task.metadata.namespace, agentName) : undefined;
        }, sessionTitle);
  const stopController = options.controller === false ? undefined : startTaskController(stores, stopRun);
  const requests: RequestRecord[] = [];
  const allowed = (namespace?: string) =>
    !options.restrictedToNamespaces || (namespace !== undefined && options.restrictedToNamespaces.includes(namespace));

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const record: RequestRecord = { method: req.method ?? 'GET', url: req.url ?? '/' };
    requests.push(record);
    res.on('close', () => (record.status = res.statusCode));
    if (options.viewerToken && req.headers.authorization === `Bearer ${options.viewerToken}`)
      return sendStatus(res, forbidden(VERB[req.method ?? 'GET'] ?? 'get', 'tasks', GROUP));
    if (req.headers.authorization !== `Bearer ${options.token}`) return sendStatus(res, unauthorized());

    const url = new URL(req.url ?? '/', 'https://stand-in');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const forward = path.match(PORT_FORWARD);
    if (forward) {
      if (!allowed(forward[1])) return sendStatus(res, podForbidden(forward[1], forward[2]));
      // Without an upgrade the apiserver's upgrade-aware proxy refuses the request.
      return sendStatus(res, kubeStatus(400, 'BadRequest', 'Upgrade request required'));
    }
    const proxy = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/]+)\/proxy(\/.*)?$/);
    if (proxy) return serviceProxy(req, res, proxy[1], proxy[2], (proxy[3] ?? '/') + url.search);
    const patched = path.match(new RegExp(`^/apis/${GROUP.replace(/\./g, '\\.')}/${VERSION}/namespaces/([^/]+)/(agents|tasks)/([^/]+)$`));
    if (req.method === 'PATCH' && patched) return void patchMetadata(req, res, patched[1], patched[2] as Plural, patched[3]);
    if (req.method !== 'GET')
      return sendStatus(res, kubeStatus(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));

    if (path === '/apis') return sendJson(res, 200, apiGroupList(crdsInstalled));
    const pods = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/pods$/);
    if (pods) {
      if (!allowed(pods[1])) return sendStatus(res, forbidden('list', 'pods', '', pods[1]));
      return listOrWatch(res, url, 'pods', pods[1]);
    }
    // events.k8s.io/v1 Events, as kubeopencode's controller records them: list and watch, cluster-wide or per namespace.
    const events = path.match(/^\/apis\/events\.k8s\.io\/v1(?:\/namespaces\/([^/]+))?\/events$/);
    if (events) {
      const verb = isWatch(url) ? 'watch' : 'list';
      if (!allowed(events[1])) return sendStatus(res, forbidden(verb, 'events', 'events.k8s.io', events[1]));
      return listOrWatch(res, url, 'events', events[1]);
    }
    const prefix = `/apis/${GROUP}/${VERSION}`;
    if (!path.startsWith(prefix)) return notFoundPage(res);
    if (!crdsInstalled) return notFoundPage(res);
    if (path === prefix) return sendJson(res, 200, kubeopencodeResources());
    const cluster = path.slice(prefix.length).match(/^\/(agents|tasks)$/);
    if (cluster) {
      const plural = cluster[1] as Plural;
      const verb = isWatch(url) ? 'watch' : 'list';
      if (options.restrictedToNamespaces) return sendStatus(res, forbidden(verb, plural, GROUP));
      return listOrWatch(res, url, plural, undefined);
    }
    const namespaced = path.slice(prefix.length).match(/^\/namespaces\/([^/]+)\/(agents|tasks)(?:\/([^/]+))?$/);
    if (!namespaced) return notFoundPage(res);
    const [, namespace, plural, name] = namespaced as unknown as [string, string, Plural, string | undefined];
    const verb = name ? 'get' : isWatch(url) ? 'watch' : 'list';
    if (!allowed(namespace)) return sendStatus(res, forbidden(verb, plural, GROUP, namespace));
    if (!name) return listOrWatch(res, url, plural, namespace);
    const found = stores[plural].get(namespace, name);
    return found ? sendJson(res, 200, found) : sendStatus(res, notFound(plural, GROUP, name));
  };

  // A JSON merge patch of an object's annotations and labels (what the extension patches: a Task's stop annotation).
  const patchMetadata = async (req: IncomingMessage, res: ServerResponse, namespace: string, plural: Plural, name: string) => {
    if (!allowed(namespace)) return sendStatus(res, forbidden('patch', plural, GROUP, namespace));
    if (req.headers['content-type'] !== 'application/merge-patch+json')
      return sendStatus(res, kubeStatus(415, 'UnsupportedMediaType', `the body of the request was in an unknown format`));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const found = stores[plural].get(namespace, name);
    if (!found) return sendStatus(res, notFound(plural, GROUP, name));
    const patch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { metadata?: Record<string, Record<string, string | null>> };
    const metadata: KubeObject['metadata'] & Record<string, unknown> = { ...found.metadata };
    for (const key of ['annotations', 'labels'] as const) {
      const change = patch.metadata?.[key];
      if (!change) continue;
      const merged: Record<string, string> = { ...((metadata[key] as Record<string, string> | undefined) ?? {}) };
      for (const [k, v] of Object.entries(change))
        if (v === null) delete merged[k];
        else merged[k] = v;
      metadata[key] = merged;
    }
    stores[plural].set({ ...found, metadata });
    sendJson(res, 200, stores[plural].get(namespace, name));
  };

  const listOrWatch = (res: ServerResponse, url: URL, plural: Plural, namespace: string | undefined): void => {
    const labels = parseLabelSelector(url.searchParams.get('labelSelector'));
    if (!labels)
      return sendStatus(res, kubeStatus(400, 'BadRequest', 'unable to parse requirement: only equality selectors are supported'));
    const filter: Filter = { namespace, labels };
    if (isWatch(url)) return watch(res, url, plural, filter);
    let items = stores[plural].list(filter);
    let resourceVersion = clock.current();
    // Pages (`limit`, `continue`) as the apiserver serves them (Kubernetes API concepts, "Retrieving large results
    // sets in chunks"; the cluster stage runs the same test on the real kube-apiserver). Ours: later pages are read
    // from the objects as they are now, where the apiserver serves the first page's snapshot.
    const from = url.searchParams.get('continue');
    if (from) {
      const at = readContinue(from);
      if (!at) return sendStatus(res, kubeStatus(400, 'BadRequest', 'continue key is not valid'));
      items = items.filter((o) => keyOf(o) > at.after);
      resourceVersion = at.resourceVersion;
    }
    const limit = Number(url.searchParams.get('limit') ?? 0);
    const rest = Number.isInteger(limit) && limit > 0 ? items.length - limit : 0;
    if (rest > 0) items = items.slice(0, limit);
    const page =
      rest > 0
        ? {
            continue: Buffer.from(JSON.stringify({ resourceVersion, after: keyOf(items[limit - 1]) })).toString('base64url'),
            remainingItemCount: rest,
          }
        : {};
    sendJson(res, 200, { apiVersion: LIST_API_VERSION[plural], kind: LIST_KIND[plural], metadata: { resourceVersion, ...page }, items });
  };

  // Newline-delimited JSON events, each written as it happens; the stream ends on timeoutSeconds or stop().
  const watch = (res: ServerResponse, url: URL, plural: Plural, filter: Filter): void => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
    res.flushHeaders();
    const send = (event: WatchEvent) => res.write(JSON.stringify(event) + '\n');
    // An expired resourceVersion: one ERROR event, as the apiserver sends it from etcd, and the watch ends.
    if (stores[plural].expired(url.searchParams.get('resourceVersion'))) {
      const gone = kubeStatus(410, 'Expired', 'The resourceVersion for the provided watch is too old.');
      return void res.end(JSON.stringify({ type: 'ERROR', object: gone }) + '\n');
    }
    const unsubscribe = stores[plural].watch(filter, url.searchParams.get('resourceVersion'), send);
    const seconds = Number(url.searchParams.get('timeoutSeconds') ?? '0');
    const timer = seconds > 0 ? setTimeout(() => res.end(), seconds * 1000) : undefined;
    res.on('close', () => {
      unsubscribe();
      clearTimeout(timer);
    });
  };

  // The Service of an Agent is named after it and has one port, `http`; `name`, `name:http` and
  // `http:name:http` all address it, as on a real apiserver.
  const serviceProxy = (req: IncomingMessage, res: ServerResponse, namespace: string, service: string, rest: string): void => {
    if (!allowed(namespace)) return sendStatus(res, forbidden('get', 'services/proxy', '', namespace));
    const parts = decodeURIComponent(service).split(':');
    const name = parts.length === 3 ? parts[1] : parts[0];
    const port = parts.length === 3 ? parts[2] : parts[1];
    const agent = stores.agents.get(namespace, name);
    if (!agent) return sendStatus(res, notFound('services', '', name));
    const agentPort = String((agent.spec as { port?: number } | undefined)?.port ?? 4096);
    // A port the Service does not have leaves no endpoint to pick, and the apiserver says so with the whole name.
    if (port && port !== 'http' && port !== agentPort) {
      return sendStatus(res, kubeStatus(503, 'ServiceUnavailable', `no endpoints available for service "${decodeURIComponent(service)}"`));
    }
    const upstream = options.opencodeUpstream(namespace, name);
    if (!upstream) return sendStatus(res, kubeStatus(503, 'ServiceUnavailable', `no endpoints available for service "${name}"`));
    proxyToUpstream(req, res, upstream, rest);
  };

  // Port-forward: authentication (401), authorization (403), then the pod (404), as the apiserver checks.
  const forwarder = new PortForwarder();
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const record: RequestRecord = { method: req.method ?? 'GET', url: req.url ?? '/' };
    requests.push(record);
    socket.on('error', () => socket.destroy());
    const refuse = (status: KubeStatus, reason: string) => {
      record.status = status.code;
      refuseUpgrade(socket, status.code, reason, status);
    };
    if (req.headers.authorization !== `Bearer ${options.token}`) return refuse(unauthorized(), 'Unauthorized');
    const url = new URL(req.url ?? '/', 'https://stand-in');
    const match = url.pathname.match(PORT_FORWARD);
    if (!match) return refuse(notFoundResource(), 'Not Found');
    const [, namespace, name] = match;
    if (!allowed(namespace)) return refuse(podForbidden(namespace, name), 'Forbidden');
    const pod = stores.pods.get(namespace, name);
    if (!pod) return refuse(notFound('pods', '', name), 'Not Found');
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    // An unscheduled pod is refused by the apiserver (400); one whose sandbox has stopped, by the kubelet (500, plain text).
    if (phase === 'Pending') return refuse(kubeStatus(400, 'BadRequest', `pod ${name} does not have a host assigned`), 'Bad Request');
    if (phase !== 'Running') {
      record.status = 500;
      return refuseUpgrade(socket, 500, 'Internal Server Error', 'rpc error: code = Unknown desc = sandbox container is not running');
    }
    const ports = parsePorts(url);
    if (typeof ports === 'string') return refuse(kubeStatus(400, 'BadRequest', ports), 'Bad Request');
    const upstream = (port: number) => options.podUpstream?.(namespace, name, port);
    record.status = forwarder.accept(req, socket, head, { name, uid: pod.metadata.uid, ports, upstream });
  };

  const { cert, key } = makeSelfSignedCert();
  const server: Server = createServer({ cert, key }, handle);
  server.on('upgrade', upgrade);
  const close = closerFor(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const caData = Buffer.from(cert).toString('base64');
  const kubeconfig = (context = 'stand-in', namespace?: string, token = options.token) =>
    kubeconfigYaml({ server: url, caData, token, context, namespace });
  let files: string | undefined;

  return {
    url,
    caData,
    kubeconfig,
    kubeconfigFile: (context, namespace, token) => {
      files ??= mkdtempSync(join(tmpdir(), 'ocs-stand-in-'));
      const path = join(files, `kubeconfig-${readdirSync(files).length + 1}`);
      writeFileSync(path, kubeconfig(context, namespace, token));
      return path;
    },
    setAgent: (agent) => void stores.agents.set(agent),
    deleteAgent: (namespace, name) => void stores.agents.delete(namespace, name),
    setTask: (task) => void stores.tasks.set(task),
    getTask: (namespace, name) => stores.tasks.get(namespace, name),
    deleteTask: (namespace, name) => void stores.tasks.delete(namespace, name),
    setPod: (pod) => void stores.pods.set(pod),
    setEvent: (event) => void stores.events.set(event),
    deletePod: (namespace, name) => void stores.pods.delete(namespace, name),
    compact: () => Object.values(stores).forEach((store) => store.compact()),
    requests,
    stop: () => {
      stopController?.();
      // Upgraded (port-forward) sockets are no longer the HTTP server's to close.
      forwarder.close();
      if (files) rmSync(files, { recursive: true, force: true });
      // Watches and proxied event streams never end by themselves, and a TLS handshake under way is no HTTP
      // connection yet: every socket goes.
      return close();
    },
  };
}

/** Under /apis, a path no API group serves gets the apiserver's plain-text 404, not a Status. */
function notFoundPage(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end('404 page not found\n');
}

const PORT_FORWARD = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward\/?$/;

/** RBAC's answer for a named subresource; on 1.35+ port-forward needs get and create, get is checked first. */
function podForbidden(namespace: string, pod: string): KubeStatus {
  const message = `pods "${pod}" is forbidden: User "system:serviceaccount:stand-in:viewer" cannot get resource "pods/portforward" in API group "" in the namespace "${namespace}"`;
  return kubeStatus(403, 'Forbidden', message, { name: pod, kind: 'pods' });
}

function isWatch(url: URL): boolean {
  const value = url.searchParams.get('watch');
  return value === 'true' || value === '1';
}

/** The store's order: namespace, then name (objectStore.ts sorts its list by this key). */
const keyOf = (o: KubeObject): string => `${o.metadata.namespace}/${o.metadata.name}`;

function readContinue(token: string): { resourceVersion: string; after: string } | undefined {
  try {
    const at = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { resourceVersion?: unknown; after?: unknown };
    return typeof at.resourceVersion === 'string' && typeof at.after === 'string'
      ? { resourceVersion: at.resourceVersion, after: at.after }
      : undefined;
  } catch {
    return undefined;
  }
}

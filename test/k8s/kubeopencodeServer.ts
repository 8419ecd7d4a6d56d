// A stand-in for kubeopencode-server's Agent proxy (kubeopencode's own server is a Go program no package here
// ships), built on the cluster under test the way kubeopencode-server works: `/api/v1/namespaces/{ns}/agents/{name}/
// proxy/*` checks the caller's bearer token with a TokenReview, reads the Agent as that user (impersonation: a user
// who may not read it is refused), answers 502 for a suspended Agent, and forwards to it through the apiserver's
// service proxy with its own rights, without the caller's Authorization. Its Task routes: `…/tasks/{name}/stop`
// (POST, as internal/server/handlers/task_handler.go) and `…/tasks/{name}/session` and `…/session/messages` (GET,
// as task_session_handler.go, which proxies `/session/{id}` and `/session/{id}/message` of the Agent's OpenCode
// server; here a session recorded from a real one answers). Plain HTTP on loopback: its address is the setting the
// extension is given.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { request } from 'node:https';
import { closerFor } from '../harness/serverSockets';
import { ApiError } from './real/adminRequest';
import type { ClusterUser, TestCluster } from './testCluster';

export interface KubeopencodeServer {
  url: string;
  /** What reached it: path, the user the token was for (undefined: refused), the status answered. */
  readonly requests: { url: string; user?: string; status?: number }[];
  /** What `…/tasks/{task}/session` and `…/session/messages` answer: a session and its messages read from a real server. */
  recordSession(namespace: string, task: string, info: unknown, messages: unknown): void;
  stop(): Promise<void>;
}

const ROUTE = /^\/api\/v1\/namespaces\/([^/]+)\/agents\/([^/]+)\/proxy(\/.*)?$/;
const TASK_ROUTE = /^\/api\/v1\/namespaces\/([^/]+)\/tasks\/([^/]+)\/(stop|session|session\/messages)$/;

export async function startKubeopencodeServer(cluster: TestCluster): Promise<KubeopencodeServer> {
  const requests: KubeopencodeServer['requests'] = [];
  const sessions = new Map<string, { info: unknown; messages: unknown }>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const record: KubeopencodeServer['requests'][number] = { url: req.url ?? '/' };
    requests.push(record);
    res.on('close', () => (record.status = res.statusCode));
    const url = new URL(req.url ?? '/', 'http://kubeopencode-server');
    const route = url.pathname.match(ROUTE);
    const taskRoute = url.pathname.match(TASK_ROUTE);
    if (!route && !taskRoute) return plain(res, 404, 'not found');
    const token = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const user = token ? await cluster.authenticate(token) : undefined;
    if (!user) return plain(res, 401, 'unauthorized');
    record.user = user.username;
    if (taskRoute) return taskRoutes(req, res, taskRoute[1], taskRoute[2], taskRoute[3], user);
    if (!route) return;
    const [, namespace, agent, rest] = route;
    let found;
    try {
      found = await cluster.getAgent(namespace, agent, user);
    } catch (err) {
      if (err instanceof ApiError) return plain(res, err.status, err.message);
      throw err;
    }
    if (!found) return plain(res, 404, `agent ${namespace}/${agent} not found`);
    if ((found.status as { suspended?: boolean } | undefined)?.suspended)
      return plain(res, 502, `agent ${namespace}/${agent} is suspended`);
    const target = new URL(`/api/v1/namespaces/${namespace}/services/${agent}:http/proxy${rest ?? '/'}${url.search}`, cluster.url);
    const { authorization: _caller, host: _host, connection: _connection, ...headers } = req.headers;
    const upstream = request(target, {
      method: req.method,
      ca: Buffer.from(cluster.admin.caData, 'base64').toString(),
      headers: { ...headers, authorization: `Bearer ${cluster.admin.token}` },
    });
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      res.flushHeaders();
      answer.pipe(res);
    });
    upstream.on('error', (err) => (res.headersSent ? res.destroy() : plain(res, 502, err.message)));
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  };
  const taskRoutes = async (
    req: IncomingMessage,
    res: ServerResponse,
    namespace: string,
    name: string,
    what: string,
    user: ClusterUser,
  ) => {
    req.resume();
    if (what === 'stop') {
      if (req.method !== 'POST') return error(res, 405, 'Method not allowed', '');
      return stopTask(res, namespace, name, user);
    }
    if (req.method !== 'GET') return error(res, 405, 'Method not allowed', '');
    // The real one proxies to the Agent's OpenCode server (`GET /session/{id}` and `/session/{id}/message`); here
    // the session recorded from a real OpenCode server stands for it.
    const recorded = sessions.get(`${namespace}/${name}`);
    if (!recorded) return error(res, 502, 'Cannot resolve task session', `task "${name}" has no session information`);
    json(res, 200, what === 'session' ? recorded.info : recorded.messages);
  };

  // As task_handler.go's Stop: read the Task as the caller (404 when that fails), refuse one not Running (400), set
  // the stop annotation as the caller (500 when refused), answer the Task.
  const stopTask = async (res: ServerResponse, namespace: string, name: string, user: ClusterUser) => {
    let task;
    try {
      task = await cluster.getTask(namespace, name, user);
    } catch (err) {
      return error(res, 404, 'Task not found', err instanceof Error ? err.message : String(err));
    }
    if (!task) return error(res, 404, 'Task not found', `tasks.kubeopencode.io "${name}" not found`);
    const phase = (task.status as { phase?: string } | undefined)?.phase ?? '';
    if (phase !== 'Running') return error(res, 400, 'Task is not running', `Task phase is ${phase}`);
    try {
      await cluster.patchTask(namespace, name, { metadata: { annotations: { 'kubeopencode.io/stop': 'true' } } }, user);
    } catch (err) {
      return error(res, 500, 'Failed to stop task', err instanceof ApiError ? err.message.replace(/^\d+: /, '') : String(err));
    }
    json(res, 200, { name, namespace, phase });
  };

  const server = createServer((req, res) => void handle(req, res).catch((err: unknown) => plain(res, 500, String(err))));
  const close = closerFor(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    recordSession: (namespace, task, info, messages) => void sessions.set(`${namespace}/${task}`, { info, messages }),
    stop: close,
  };
}

/** kubeopencode-server's ErrorResponse (internal/server/types/types.go). */
function error(res: ServerResponse, status: number, kind: string, message: string): void {
  json(res, status, { error: kind, ...(message ? { message } : {}), code: status });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function plain(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
}

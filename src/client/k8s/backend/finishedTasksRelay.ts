// A read-only loopback server that looks like an OpenCode 1.x server and shows the sessions of a namespace's finished
// Tasks that no Agent server lists (the Agent is gone, or its server no longer lists them), read through
// kubeopencode-server: `GET …/tasks/{name}/session` and `…/session/messages` (internal/server/handlers/
// task_session_handler.go) pass on the Agent's own `GET /session/{id}` and `/session/{id}/message` (same shapes,
// query passed through), for a caller whose bearer token it checks and acts for. So the usage panel, the transcript
// and search read them as any other server's. Guarded by a random Basic-auth password, as the Agent relays are.
import type { KubeConfig } from '@kubernetes/client-node';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { AgentRelay, BackendLogger, FinishedTaskSession, FinishedTasksTarget } from '../kubeBackend';
import { MAX_SESSION_INFO_CHARS, readTaskSessionInfo } from '../taskSessionAnswer';
import { readStopRefusal } from '../taskStopAnswer';
import { withoutTrailingSlashes } from '../../transport/endpoint';
import { V1_ROUTES, V1_SDK_ROUTES, V1_SESSION_ROUTE } from '../../v1/contract';
import { namespacedPath, shownKubeName } from '../kubeNames';
import { bearerToken } from './kubeopencodeServerRelay';
import { newRelayAuth } from './relayAuth';

const TIMEOUT_MS = 15_000;
/** The most Tasks one listing reads, and how many at a time. */
const MAX_LISTED = 500;
const AT_ONCE = 4;
const HEARTBEAT_MS = 10_000;
/** A Task whose session kubeopencode-server did not give is asked again after this long, not on every listing. */
const RETRY_MS = 60_000;

/** What the relay answers itself: a finished Task runs nothing and asks nothing. */
const FIXED: Record<string, unknown> = {
  // Its version as the log and Show Server Details say it: the Agents' OpenCode 1.x, read through kubeopencode-server.
  [V1_ROUTES.health]: { healthy: true, version: '1.x via kubeopencode-server' },
  [V1_SDK_ROUTES.statuses]: {},
  [V1_SDK_ROUTES.permissions]: [],
  [V1_SDK_ROUTES.questions]: [],
  [V1_SDK_ROUTES.configProviders]: { providers: [], default: {} },
  [V1_SDK_ROUTES.providers]: { all: [], default: {}, connected: [] },
};

/** Its names are the cluster's: checked (kubeNames.ts), so a Task named `..` makes no request. */
export function taskRouteBase(server: string, namespace: string, task: string): string {
  return `${withoutTrailingSlashes(server)}/api/v1/${namespacedPath(namespace, 'tasks', 'Task', task)}/session`;
}

export async function openFinishedTasksRelay(kc: KubeConfig, target: FinishedTasksTarget, log: BackendLogger): Promise<AgentRelay> {
  const server = withoutTrailingSlashes(target.kubeopencodeServer ?? '');
  if (!/^https?:\/\//.test(server))
    throw new Error('Set opencodeSessions.kubernetes.kubeopencodeServer to the address of kubeopencode-server (https://…).');
  const auth = newRelayAuth();
  const sockets = new Set<Socket>();
  const streams = new Set<ServerResponse>();
  const label = `${target.namespace} finished Tasks`;
  let logged: string | undefined;
  const warn = (message: string) => {
    if (message !== logged) log.warn(`relay ${label}: ${message}`);
    logged = message;
  };

  /** One GET of kubeopencode-server's Task session route, as the kubeconfig user. */
  const get = async (url: string): Promise<IncomingMessage> => {
    const token = await bearerToken(kc);
    if (!token) throw new Error('the kubeconfig context has no bearer token, which kubeopencode-server needs');
    return new Promise((resolve, reject) => {
      const send = url.startsWith('http:') ? httpRequest : httpsRequest;
      const req = send(url, {
        method: 'GET',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        timeout: TIMEOUT_MS,
      });
      req.on('response', resolve);
      req.on('timeout', () => req.destroy(new Error(`no answer from kubeopencode-server in ${TIMEOUT_MS / 1000} s`)));
      req.on('error', reject);
      req.end();
    });
  };

  /** The Session.Info of one Task, or undefined (logged) when kubeopencode-server does not give it. */
  const sessionInfo = async (session: FinishedTaskSession): Promise<Record<string, unknown> | undefined> => {
    try {
      const answer = await get(taskRouteBase(server, target.namespace, session.task));
      const body = await capped(answer, MAX_SESSION_INFO_CHARS);
      // Its ErrorResponse `{error, message, code}` (a 502 "Cannot resolve task session": the Agent is gone…) says why.
      if (answer.statusCode !== 200) throw new Error(readStopRefusal(answer.statusCode ?? 0, body).said);
      const info = readTaskSessionInfo(body, session.sessionId);
      if (!info) throw new Error(`its answer is not session ${session.sessionId}`);
      target.unreadable?.(session.task, undefined);
      return info;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      warn(`Task ${shownKubeName(session.task)}: kubeopencode-server did not give its session: ${reason}`);
      target.unreadable?.(session.task, reason);
      return undefined;
    }
  };

  // A finished Task's session no longer changes: each is read once (a failure again after RETRY_MS), so a listing
  // asked every few seconds does not ask kubeopencode-server for hundreds of Tasks each time.
  const known = new Map<string, { info: Promise<Record<string, unknown> | undefined>; failedAt?: number }>();
  const cachedInfo = (session: FinishedTaskSession): Promise<Record<string, unknown> | undefined> => {
    const key = cacheKey(session);
    const entry = known.get(key);
    if (entry && (entry.failedAt === undefined || Date.now() - entry.failedAt < RETRY_MS)) return entry.info;
    const fresh: { info: Promise<Record<string, unknown> | undefined>; failedAt?: number } = { info: Promise.resolve(undefined) };
    fresh.info = sessionInfo(session).then((info) => {
      if (!info) fresh.failedAt = Date.now();
      return info;
    });
    known.set(key, fresh);
    return fresh.info;
  };

  const list = async (search: string | null): Promise<unknown[]> => {
    const wanted = target.sessions().slice(0, MAX_LISTED);
    const found: unknown[] = [];
    for (let i = 0; i < wanted.length; i += AT_ONCE) {
      const infos = await Promise.all(wanted.slice(i, i + AT_ONCE).map(cachedInfo));
      for (const info of infos) if (info && matches(info, search)) found.push(info);
    }
    // Tasks that left the namespace's list leave the cache too: it holds at most one listing's worth.
    const listed = new Set(wanted.map(cacheKey));
    for (const key of [...known.keys()]) if (!listed.has(key)) known.delete(key);
    return found;
  };

  /** A session's own route, passed on to its Task's route with the query; kubeopencode-server's answer streams back. */
  const pass = async (res: ServerResponse, task: string, messages: boolean, search: string) => {
    const answer = await get(`${taskRouteBase(server, target.namespace, task)}${messages ? '/messages' : ''}${search}`);
    // kubeopencode-server refusing the kubeconfig's token: passed on, it would read as "this server wants a password".
    if (answer.statusCode === 401) {
      answer.resume();
      return fail(res, 502, 'kubeopencode-server refused the kubeconfig credentials (401); choose another context or log in again');
    }
    // The message pages' cursor passes on with the body (OpenCode names the next, older page in `x-next-cursor`).
    const cursor = answer.headers['x-next-cursor'];
    res.writeHead(answer.statusCode ?? 502, {
      'content-type': answer.headers['content-type'] ?? 'application/json',
      ...(typeof cursor === 'string' ? { 'x-next-cursor': cursor } : {}),
    });
    answer.pipe(res);
    answer.on('error', () => res.destroy());
    res.on('close', () => answer.destroy());
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    req.resume();
    if (!auth.accepts(req.headers.authorization)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="opencode"', 'content-type': 'text/plain' }).end('Unauthorized');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://relay');
    if (req.method !== 'GET') return fail(res, 405, "A finished Task's session is read-only here.");
    if (url.pathname === V1_ROUTES.event) return events(res);
    if (Object.hasOwn(FIXED, url.pathname)) return json(res, 200, FIXED[url.pathname]);
    if (url.pathname === V1_SDK_ROUTES.sessions || url.pathname === V1_SDK_ROUTES.everySession)
      return json(res, 200, await list(url.searchParams.get('search')));
    const route = V1_SESSION_ROUTE.exec(url.pathname);
    const id = route && safeDecode(route[1]);
    const session = id ? target.sessions().find((s) => s.sessionId === id) : undefined;
    if (!session) return fail(res, 404, `No finished Task's session ${id ?? url.pathname} here.`);
    return pass(res, session.task, !!route?.[2], url.search);
  };

  /** The event stream: connected, then heartbeats (nothing changes in a finished Task's session). */
  const events = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (type: string) => res.write(`data: ${JSON.stringify({ payload: { type, properties: {} } })}\n\n`);
    send('server.connected');
    const timer = setInterval(() => send('server.heartbeat'), HEARTBEAT_MS);
    streams.add(res);
    res.on('close', () => {
      clearInterval(timer);
      streams.delete(res);
    });
  };

  const fail = (res: ServerResponse, status: number, message: string) => {
    if (status >= 500) warn(message);
    if (res.headersSent) return void res.destroy();
    res.writeHead(status, { 'content-type': 'text/plain' }).end(message);
  };

  const httpServer = createServer((req, res) => {
    handle(req, res).catch((err: unknown) =>
      fail(res, 502, `cannot reach kubeopencode-server at ${server}: ${err instanceof Error ? err.message : String(err)}`),
    );
  });
  httpServer.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', () => resolve());
  });
  const address = httpServer.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  log.info(`relay ${label}: ${url} -> ${server}`);
  return {
    url,
    password: auth.password,
    via: `${server} (finished Tasks of ${target.namespace})`,
    dispose: () => {
      httpServer.close();
      for (const res of streams) res.destroy();
      for (const socket of sockets) socket.destroy();
    },
  };
}

const cacheKey = (session: FinishedTaskSession) => `${session.task}\u0000${session.sessionId}`;

/** A `search` asks for titles that contain it, as OpenCode's own `GET /session?search=` does. */
function matches(info: Record<string, unknown>, search: string | null): boolean {
  if (!search) return true;
  return typeof info.title === 'string' && info.title.toLowerCase().includes(search.toLowerCase());
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The answer's text up to `max` characters (past that, one more, so the reader sees it is too long). */
function capped(answer: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    answer.on('data', (chunk: Buffer) => {
      if (size > max) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size > max) answer.destroy();
    });
    const done = () =>
      resolve(
        Buffer.concat(chunks)
          .toString('utf8')
          .slice(0, max + 1),
      );
    answer.on('end', done);
    answer.on('close', done);
    answer.on('error', (err) => (size > max ? done() : reject(err)));
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

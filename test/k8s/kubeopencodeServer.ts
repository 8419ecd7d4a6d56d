// A stand-in for kubeopencode-server's Agent proxy (kubeopencode's own server is a Go program no package here
// ships), built on the cluster under test the way kubeopencode-server works: `/api/v1/namespaces/{ns}/agents/{name}/
// proxy/*` checks the caller's bearer token with a TokenReview, reads the Agent as that user (impersonation: a user
// who may not read it is refused), answers 502 for a suspended Agent, and forwards to it through the apiserver's
// service proxy with its own rights, without the caller's Authorization. Plain HTTP on loopback: its address is the
// setting the extension is given.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { request } from 'node:https';
import { closerFor } from '../harness/serverSockets';
import { ApiError } from './real/adminRequest';
import type { TestCluster } from './testCluster';

export interface KubeopencodeServer {
  url: string;
  /** What reached it: path, the user the token was for (undefined: refused), the status answered. */
  readonly requests: { url: string; user?: string; status?: number }[];
  stop(): Promise<void>;
}

const ROUTE = /^\/api\/v1\/namespaces\/([^/]+)\/agents\/([^/]+)\/proxy(\/.*)?$/;

export async function startKubeopencodeServer(cluster: TestCluster): Promise<KubeopencodeServer> {
  const requests: KubeopencodeServer['requests'] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const record: KubeopencodeServer['requests'][number] = { url: req.url ?? '/' };
    requests.push(record);
    res.on('close', () => (record.status = res.statusCode));
    const url = new URL(req.url ?? '/', 'http://kubeopencode-server');
    const route = url.pathname.match(ROUTE);
    if (!route) return plain(res, 404, 'not found');
    const token = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const user = token ? await cluster.authenticate(token) : undefined;
    if (!user) return plain(res, 401, 'unauthorized');
    record.user = user.username;
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
  const server = createServer((req, res) => void handle(req, res).catch((err: unknown) => plain(res, 500, String(err))));
  const close = closerFor(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests, stop: close };
}

function plain(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
}

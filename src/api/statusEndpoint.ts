// The extension's session status on a loopback HTTP endpoint, for the OpenCode plugin on this machine (so an
// agent's budgets and windows match what VS Code shows). Bound to 127.0.0.1 only; every request needs the
// random token of this run; the Host header must name the loopback address (no DNS rebinding from a page).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PauseAnswer } from '../store/pauseGate';
import { statusScope, type SessionStatus, type StatusScope } from '../store/sessionStatus';

export type StatusAnswer = (sessionId: string, scope: StatusScope) => Promise<SessionStatus | undefined>;
/** Whether a pause holds the session's tree (the plugin asks before each model request): undefined when no server lists it. */
export type PauseQuestion = (sessionId: string) => PauseAnswer | undefined;

export interface StatusEndpoint {
  url: string;
  token: string;
  close(): Promise<void>;
}

export const STATUS_PATH = '/v1/session-status';
export const PAUSE_PATH = '/v1/pause';
const SESSION_ID = /^[A-Za-z0-9_-]{1,200}$/;

export async function startStatusEndpoint(answer: StatusAnswer, pauseOf?: PauseQuestion): Promise<StatusEndpoint> {
  const token = randomBytes(32).toString('hex');
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { error: 'The status could not be computed.' }));
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const port = (server.address() as AddressInfo).port;
    if (!isLoopback(req.socket.remoteAddress) || !isLoopbackHost(req.headers.host, port))
      return send(res, 403, { error: 'Loopback only.' });
    if (!authorized(req.headers.authorization, token)) return send(res, 401, { error: 'Unauthorized.' });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const pause = url.pathname === PAUSE_PATH && pauseOf;
    if (url.pathname !== STATUS_PATH && !pause) return send(res, 404, { error: 'Not found.' });
    if (req.method !== 'GET') return send(res, 405, { error: 'Only GET.' });
    const sessionId = url.searchParams.get('sessionID') ?? '';
    if (pause) {
      if (!SESSION_ID.test(sessionId)) return send(res, 400, { error: 'sessionID is missing or malformed.' });
      const held = pause(sessionId);
      return held ? send(res, 200, held) : send(res, 404, { error: `No server the extension sees lists session ${sessionId}.` });
    }
    const scope = statusScope(url.searchParams.get('scope'));
    if (!SESSION_ID.test(sessionId)) return send(res, 400, { error: 'sessionID is missing or malformed.' });
    if (!scope) return send(res, 400, { error: 'scope is session or root.' });
    const status = await answer(sessionId, scope);
    return status ? send(res, 200, status) : send(res, 404, { error: `No server the extension sees lists session ${sessionId}.` });
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function authorized(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (\S+)$/.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || /^(::ffff:)?127\./.test(address));
}

function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

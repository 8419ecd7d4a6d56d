// An adversary for the scale suite's OpenCode 2 readers (readers/v2.ts): a loopback HTTP server that answers what a
// shape set up — generated hostile answers, made into bytes before the clock starts, so the run measures our
// reader and not this server. It is not a stand-in for OpenCode: it answers only what a shape gives it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerEndpoint } from '../../src/client/transport/endpoint';

/** What one route answers: bytes of JSON, or a function of the request (paged answers, streams). */
export type Answer = Buffer | ((query: URLSearchParams, res: ServerResponse, req: IncomingMessage) => void);

export class V2Adversary {
  /** `METHOD /path` (no query) → its answer. */
  readonly routes = new Map<string, Answer>();
  /** Asked for a route not in `routes` (per-session routes): its answer; none is OpenCode 2's "no such route", 404. */
  other?: (key: string) => Answer | undefined;
  /** Requests seen, by `METHOD /path`. */
  readonly asked = new Map<string, number>();
  /** Requests under way now, and the most seen at once. */
  inFlight = 0;
  mostInFlight = 0;

  private constructor(
    private readonly server: Server,
    readonly endpoint: ServerEndpoint,
  ) {}

  static async start(): Promise<V2Adversary> {
    const server = createServer();
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const adversary = new V2Adversary(server, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => adversary.answer(req, res));
    return adversary;
  }

  /** A shape's answers replace the last one's. */
  reset(): void {
    this.routes.clear();
    this.other = undefined;
    this.asked.clear();
    this.inFlight = 0;
    this.mostInFlight = 0;
  }

  json(key: string, value: unknown): void {
    this.routes.set(key, json(value));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = `${req.method} ${url.pathname}`;
    this.asked.set(key, (this.asked.get(key) ?? 0) + 1);
    this.inFlight += 1;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    // Answered once its answer is given (its end called), or its client went away: the socket's own close may come
    // a turn after the client, which has the answer, asked again.
    let answered = false;
    const settle = () => void (answered || ((answered = true), (this.inFlight -= 1)));
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => (settle(), end(...args))) as ServerResponse['end'];
    res.once('close', settle);
    req.resume();
    const answer = this.routes.get(key) ?? this.other?.(key);
    if (!answer) return void res.writeHead(404).end();
    if (typeof answer === 'function') return answer(url.searchParams, res, req);
    send(res, answer);
  }
}

/** JSON bytes, made before the clock starts. */
export function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

export function send(res: ServerResponse, body: Buffer): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
}

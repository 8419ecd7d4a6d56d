// A small HTTP server of the test's own that answers what a hostile or broken OpenCode server (or a proxy in front
// of one) could: generated bodies of any size, pages that never end, answers that trickle a few bytes at a time.
// Loopback only, and every request must carry its random token as OpenCode's password (HTTP Basic, user
// `opencode`) or as a Bearer key (OpenCode Go's), so nothing else on the machine can use it and a reader that
// forgets the password gets the 401 a real server gives.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileAnswer {
  /** 200 unless set. */
  status?: number;
  /** `content-type: application/json` unless set. */
  headers?: Record<string, string>;
  /** The whole body, or its chunks (a generator makes a huge body without holding it). */
  body?: string | Uint8Array | Iterable<string | Uint8Array>;
  /** Waits this long between chunks (a trickle); chunks are written at once without it. */
  chunkDelayMs?: number;
}

/** One route's answer to a request (the URL parsed, its search params read by the route). */
export type HostileRoute = (url: URL, request: IncomingMessage) => HostileAnswer | Promise<HostileAnswer>;

export class HostileServer {
  /** Every request, by path: how many pages a reader asked for, say. */
  readonly hits = new Map<string, number>();
  private readonly routes = new Map<string, HostileRoute>();
  /** Answers every path no route names (404 with nothing, as OpenCode 2 answers an unknown route, unless set). */
  fallback?: HostileRoute;

  /** The password every request must carry. */
  readonly token = randomBytes(18).toString('base64url');
  private readonly server: Server;

  private constructor() {
    this.server = createServer((request, response) => void this.answer(request, response));
    // A trickle may hold a socket open longer than Node's defaults allow.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 0;
    // Idle keep-alive sockets are closed by the client (close() ends the rest). The server's 5 s ran from when it
    // finished writing, the client's 3 s from when it finished reading, in the same thread: after a long synchronous
    // step on a loaded machine the next request went out on a socket whose server timer was already due, which
    // fired first and reset it ("the connection was reset", V1 event stream, both cores busy).
    this.server.keepAliveTimeout = 0;
  }

  /** Listens on 127.0.0.1 at a free port. */
  static async start(routes: Record<string, HostileRoute> = {}): Promise<HostileServer> {
    const hostile = new HostileServer();
    await new Promise<void>((resolve, reject) => {
      hostile.server.once('error', reject);
      hostile.server.listen(0, '127.0.0.1', resolve);
    });
    for (const [path, route] of Object.entries(routes)) hostile.route(path, route);
    return hostile;
  }

  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The endpoint a reader is given: this server with its password. */
  get endpoint(): { url: string; password: string } {
    return { url: this.url, password: this.token };
  }

  /** Sets (or replaces) the answer of one path. */
  route(path: string, route: HostileRoute): void {
    this.routes.set(path, route);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    this.hits.set(url.pathname, (this.hits.get(url.pathname) ?? 0) + 1);
    // A closed socket ends a generator that would otherwise write on forever.
    let closed = false;
    response.once('close', () => (closed = true));
    try {
      const auth = request.headers.authorization;
      if (auth !== `Basic ${Buffer.from(`opencode:${this.token}`).toString('base64')}` && auth !== `Bearer ${this.token}`) {
        response.writeHead(401, { 'www-authenticate': 'Basic realm="opencode"' }).end();
        return;
      }
      const route = this.routes.get(url.pathname) ?? this.fallback;
      const answer: HostileAnswer = route ? await route(url, request) : { status: 404, headers: {} };
      response.writeHead(answer.status ?? 200, answer.headers ?? { 'content-type': 'application/json' });
      const body = answer.body;
      if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
        response.end(body);
        return;
      }
      for (const chunk of body) {
        if (closed) return;
        // Honour back-pressure: a reader that stops reading is not sent the rest at once.
        if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
        if (answer.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, answer.chunkDelayMs));
      }
      response.end();
    } catch (error) {
      // A route that fails is a bug of the test: say so in the answer a reader then fails on.
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`hostile server route failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** A JSON array of `count` entries made by `entry`, as chunks of about 64 KB (a body of any size, built as it is sent). */
export function* jsonArrayChunks(count: number, entry: (index: number) => unknown): Generator<string> {
  let chunk = '[';
  for (let i = 0; i < count; i++) {
    chunk += (i ? ',' : '') + JSON.stringify(entry(i));
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}]`;
}

/** Characters that are not ASCII (each 3 bytes of UTF-8), made once: ids are cut from them. */
let nonAscii = '';

/** A string of `length` characters that are not ASCII (each 3 bytes of UTF-8), distinct per seed, as hostile ids are made. */
export function nonAsciiId(length: number, seed = 0): string {
  if (nonAscii.length < length + 1024) {
    const codes = Array.from({ length: length + 1024 }, (_, i) => 0x4e00 + ((i * 31) % 0x5000));
    nonAscii = '';
    for (let i = 0; i < codes.length; i += 4096) nonAscii += String.fromCharCode(...codes.slice(i, i + 4096));
  }
  const tag = String.fromCharCode(...Array.from(String(seed), (digit) => 0x4e00 + Number(digit)));
  return tag + nonAscii.slice(seed % 1024, (seed % 1024) + length - tag.length);
}

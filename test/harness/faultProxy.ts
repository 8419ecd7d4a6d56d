// A loopback proxy in front of a real `opencode serve` that misbehaves on request: answers a login page or
// garbage, fails one route, hangs halfway through a body, edits the server's real answer, or slips malformed
// frames into the live event stream, or floods it with one endless event. With no fault set it passes everything
// through unchanged, so the same server can recover. It can also record what went through (method, path, body),
// for tests that check which route and body the extension chose.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Fault =
  /** 200 with an HTML page (a login or captive-portal page). */
  | { kind: 'html' }
  /** 200 application/json whose body is not JSON. */
  | { kind: 'invalid-json' }
  /** This status with a JSON error body, as a failing OpenCode route answers. */
  | { kind: 'status'; status: number; message: string }
  /** Headers and half a JSON body, then silence until the fault is cleared. */
  | { kind: 'hang-mid-body' }
  /** Not answered (nor passed on) until the fault is cleared; then passed on, unless the client gave up. */
  | { kind: 'hold' }
  /** Passed on, and the server's real answer (its whole body, as text) changed by `edit` before the client gets it. */
  | { kind: 'rewrite'; edit: (body: string) => string }
  /** 200 with this JSON: an answer the test writes (a hostile server's record, say). */
  | { kind: 'json'; body: unknown };

/** A request that went through the proxy while it recorded. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string, `?` included (or empty). */
  search: string;
  /** The request's body as text (empty without one). */
  body: string;
  /** The status it was answered with, once answered. */
  status?: number;
}

/** Which requests a fault hits: every one, or those whose path (and query string, e.g. a page's cursor) match. */
export type FaultRule = { fault: Fault; path?: RegExp; query?: RegExp };

export class FaultProxy {
  url = '';
  private server?: Server;
  private rules: FaultRule[] = [];
  private readonly streams = new Set<ServerResponse>();
  private readonly hanging = new Set<ServerResponse>();
  /** Requests seen per path, so a test can tell a route was really asked. */
  readonly seen = new Map<string, number>();
  /** Requests held now (a `hold` fault), by path. */
  readonly held = new Map<string, number>();
  /** Held requests the client closed before they were answered (it aborted them), by path. */
  readonly abandoned = new Map<string, number>();
  private readonly holding = new Set<{ req: IncomingMessage; res: ServerResponse; path: string }>();
  /** Event streams inside a flood: the real stream's frames no longer reach them. */
  private readonly flooded = new Set<ServerResponse>();
  /** Every request since `record()`, in arrival order (bodies complete once the request ended). */
  readonly requests: RecordedRequest[] = [];
  private recording = false;
  private readonly recorded = new WeakMap<IncomingMessage, RecordedRequest>();

  constructor(private readonly upstream: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  /** From now on, requests matching a rule get its fault; an empty list passes everything through again. */
  setFaults(rules: FaultRule[]): void {
    this.rules = rules;
    if (!rules.some((r) => r.fault.kind === 'hold')) {
      const waiting = [...this.holding];
      this.holding.clear();
      for (const { req, res, path } of waiting) {
        count(this.held, path, -1);
        this.forward(req, res, false);
      }
    }
    if (!rules.some((r) => r.fault.kind === 'hang-mid-body')) {
      for (const res of this.hanging) res.destroy();
      this.hanging.clear();
    }
  }

  /** From now on, every request is kept in `requests` (with its body). */
  record(): this {
    this.recording = true;
    return this;
  }

  /** Writes raw SSE text to every open event stream, between two whole frames of the real stream. */
  inject(text: string): number {
    for (const res of this.streams) res.write(text);
    return this.streams.size;
  }

  /**
   * Starts one endless event on every open event stream: `data: "` and `bytes` of text as fast as the client
   * reads (64 KB writes), then a trickle of more every `trickleMs` that never ends the event, until the
   * stream closes. The real stream's frames are held back from a flooded stream (they would be inside the
   * event anyway). Resolves once the burst is written; streams opened later are not flooded.
   */
  async flood(bytes: number, trickleMs = 200): Promise<number> {
    // One buffer written again and again: the proxy shares the test's process, so it must cost it little.
    const chunk = Buffer.from('x'.repeat(64 * 1024));
    const streams = [...this.streams];
    await Promise.all(
      streams.map(async (res) => {
        this.flooded.add(res);
        res.write('data: "');
        for (let sent = 0; sent < bytes && !res.destroyed; sent += chunk.length) if (!res.write(chunk)) await drained(res);
        const trickle = setInterval(() => res.write('x'.repeat(1024)), trickleMs);
        res.on('close', () => clearInterval(trickle));
      }),
    );
    return streams.length;
  }

  /** Ends every open event stream, so the extension reconnects through the current rules. */
  dropStreams(): void {
    for (const res of this.streams) res.destroy();
    this.streams.clear();
  }

  async stop(): Promise<void> {
    this.dropStreams();
    for (const res of this.hanging) res.destroy();
    for (const { res } of this.holding) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const { pathname: path, search } = new URL(req.url ?? '/', 'http://x');
    this.seen.set(path, (this.seen.get(path) ?? 0) + 1);
    if (this.recording) {
      const entry: RecordedRequest = { method: req.method ?? 'GET', path, search, body: '' };
      this.requests.push(entry);
      this.recorded.set(req, entry);
      req.on('data', (chunk: Buffer) => (entry.body += chunk.toString('utf8')));
    }
    const rule = this.rules.find((r) => (!r.path || r.path.test(path)) && (!r.query || r.query.test(search)));
    if (rule?.fault.kind === 'hold') {
      const entry = { req, res, path };
      this.holding.add(entry);
      count(this.held, path, 1);
      res.on('close', () => {
        if (!this.holding.delete(entry)) return;
        count(this.held, path, -1);
        count(this.abandoned, path, 1);
      });
      return;
    }
    if (rule?.fault.kind === 'rewrite') {
      this.forward(req, res, false, rule.fault.edit);
      return;
    }
    if (rule) {
      req.resume();
      this.answerFault(rule.fault, res);
      return;
    }
    this.forward(req, res, path === '/global/event' || path === '/api/event');
  }

  private answerFault(fault: Fault, res: ServerResponse): void {
    switch (fault.kind) {
      case 'html':
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<!doctype html><html><body><h1>Sign in</h1><form></form></body></html>');
        return;
      case 'invalid-json':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"healthy": true, "version": "1.18');
        return;
      case 'status':
        res
          .writeHead(fault.status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ name: 'UnknownError', data: { message: fault.message } }));
        return;
      case 'hold':
      case 'rewrite':
        return;
      case 'json':
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fault.body));
        return;
      case 'hang-mid-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"healthy": true, "vers');
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
    }
  }

  private forward(req: IncomingMessage, res: ServerResponse, isStream: boolean, edit?: (body: string) => string): void {
    const target = new URL(req.url ?? '/', this.upstream);
    // The client may leave before the server answers: then its stream must not be counted as open.
    let left = false;
    res.on('close', () => (left = true));
    // An answer to edit must come as plain text, not compressed.
    const headers = { ...req.headers, host: target.host, ...(edit ? { 'accept-encoding': 'identity' } : {}) };
    const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
      const entry = this.recorded.get(req);
      if (entry) entry.status = answer.statusCode;
      if (edit) {
        let text = '';
        answer.setEncoding('utf8');
        answer.on('data', (chunk: string) => (text += chunk));
        answer.on('end', () => {
          const body = Buffer.from(edit(text));
          const { 'transfer-encoding': _chunked, ...kept } = answer.headers;
          res.writeHead(answer.statusCode ?? 502, { ...kept, 'content-length': String(body.length) }).end(body);
        });
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (!isStream) {
        answer.pipe(res);
        return;
      }
      if (left) {
        answer.destroy();
        return;
      }
      // Whole frames only, so injected text always lands between two frames.
      this.streams.add(res);
      res.on('close', () => {
        this.streams.delete(res);
        this.flooded.delete(res);
        answer.destroy();
      });
      let pending = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => {
        pending += chunk;
        const end = pending.lastIndexOf('\n\n');
        if (end < 0) return;
        if (!this.flooded.has(res)) res.write(pending.slice(0, end + 2));
        pending = pending.slice(end + 2);
      });
      answer.on('end', () => res.end());
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}

/** The client read what was written (or left). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

function count(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n) map.set(key, n);
  else map.delete(key);
}

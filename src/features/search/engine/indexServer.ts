// The owner's search engine, served to the other VS Code windows of the same user (remoteEngine.ts): one index per
// user and server, read and written by one process, asked by every window. A Unix domain socket of a random name in
// the system's temporary folder (owner-only; a Unix socket's path is too short for an extension's storage folder),
// or a named pipe of a random name on Windows, and a random token: both written to `serve.json` (0600) inside the
// index folder (0700), so only the user's own processes can find and speak to it. A connection's first frame must
// carry the token (compared in constant time) or it is closed; after it, only reads are answered (a search, the
// engine's figures): the index changes only by its owner's hand. Frames are newline-delimited JSON, a request
// at most REQUEST_CAP bytes; a search is answered a hit a frame, then a frame that ends it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineFrames, parseFrame } from './lineFrames';
import type { EngineQuery, EngineRequest } from './protocol';

/** The file, in the index folder, that says where the owner listens and its token. */
export const SERVE_FILE = 'serve.json';
/** A request is a query: far less than this. */
export const REQUEST_CAP = 64 * 1024;
/**
 * What a follower reads of one frame at most: a search answers a frame per hit (an entry's fields are bounded, about
 * 300 KB escaped at worst), so no one frame is long to parse on the follower's extension host.
 */
export const ANSWER_CAP = 1024 * 1024;
/** The most hits one remote search asks for. */
export const LIMIT_CAP = 500;
/** The most a query's text may be (characters). */
export const QUERY_CAP = 4096;
/** How long a refused connection is left to read why before it is closed. */
const REFUSED_MS = 5_000;
/** Windows of one user at once, and then some: more connections than this are refused. */
const MAX_CONNECTIONS = 64;

export interface ServeInfo {
  address: string;
  token: string;
  pid: number;
}

/** What the server asks of the engine: its answer to a read. */
export type Answer = (request: EngineRequest) => Promise<unknown>;

export function socketAddress(): string {
  const name = `ocs-search-${randomBytes(12).toString('hex')}`;
  return process.platform === 'win32' ? `\\\\.\\pipe\\${name}` : join(tmpdir(), `${name}.sock`);
}

/** The token's digests compared: constant time whatever the lengths. */
export function tokenMatches(given: unknown, token: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

export class IndexServer {
  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    private readonly folder: string,
    readonly info: ServeInfo,
  ) {}

  /** Listens, then writes where (serve.json): a window that reads it finds the server ready. */
  static async start(folder: string, answer: Answer, log: (message: string) => void): Promise<IndexServer> {
    const info: ServeInfo = { address: socketAddress(), token: randomBytes(32).toString('hex'), pid: process.pid };
    const sockets = new Set<Socket>();
    const server = createServer({ pauseOnConnect: false }, (socket) => {
      if (sockets.size >= MAX_CONNECTIONS) {
        socket.destroy();
        return;
      }
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      serveConnection(socket, info.token, answer, log);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(info.address, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => log(`the shared search index's socket: ${err.message}`));
    if (process.platform !== 'win32') chmodSync(info.address, 0o600);
    const file = join(folder, SERVE_FILE);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(info), { mode: 0o600 });
    renameSync(temporary, file);
    return new IndexServer(server, sockets, folder, info);
  }

  /** Stops listening, closes every window's connection, and removes serve.json if it is still this server's. */
  async close(): Promise<void> {
    const file = join(this.folder, SERVE_FILE);
    try {
      const written = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServeInfo>;
      if (written.token === this.info.token) rmSync(file, { force: true });
    } catch {
      // Gone already, or another's being written: left alone.
    }
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

function serveConnection(socket: Socket, token: string, answer: Answer, log: (message: string) => void): void {
  const frames = new LineFrames(REQUEST_CAP);
  let trusted = false;
  const send = (value: unknown) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(value)}\n`);
  };
  let refused = false;
  // Said, then closed once the window closes its end too (read on and dropped meanwhile: a connection reset would
  // lose the reason), or after REFUSED_MS whatever it does.
  const refuse = (why: string) => {
    refused = true;
    send({ refused: why });
    socket.end();
    setTimeout(() => socket.destroy(), REFUSED_MS).unref();
  };
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    if (refused) return;
    let received: string[];
    try {
      received = frames.push(chunk);
    } catch (err) {
      refuse(err instanceof Error ? err.message : String(err));
      return;
    }
    for (const frame of received) {
      if (refused || socket.destroyed) return;
      const message = parseFrame(frame);
      if (!trusted) {
        if (!message || !tokenMatches(message.token, token)) {
          refuse('wrong token');
          return;
        }
        trusted = true;
        send({ hello: 1, pid: process.pid });
        continue;
      }
      const request = message && requestOf(message);
      if (!request) {
        refuse('not a request');
        return;
      }
      answer(request).then(
        (value) => {
          // A search's hits a frame each, then its end.
          if (request.op === 'search' && Array.isArray(value)) {
            for (const hit of value as unknown[]) send({ id: request.id, hit });
            send({ id: request.id, ok: true, hits: value.length });
          } else send({ id: request.id, ok: true, value });
        },
        (err: unknown) => {
          log(`a search asked by another window failed: ${err instanceof Error ? err.message : String(err)}`);
          send({ id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) });
        },
      );
    }
  });
}

/** A read another window may ask, its query held to its bounds; anything else is none. */
function requestOf(message: Record<string, unknown>): EngineRequest | undefined {
  const id = message.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return undefined;
  const args = (message.args ?? {}) as Record<string, unknown>;
  if (message.op === 'stats') return { id, op: 'stats', args: {} };
  if (message.op !== 'search' || typeof args !== 'object') return undefined;
  const q = args.query as Record<string, unknown> | undefined;
  if (!q || typeof q !== 'object' || typeof q.text !== 'string') return undefined;
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, 10_000) : undefined;
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const query: EngineQuery = { text: q.text.slice(0, QUERY_CAP) };
  const kinds = number(q.kinds);
  const since = number(q.since);
  const limit = number(q.limit);
  const sessionIds = strings(q.sessionIds);
  const directories = strings(q.directories);
  if (kinds !== undefined) query.kinds = kinds;
  if (since !== undefined) query.since = since;
  query.limit = Math.max(1, Math.min(LIMIT_CAP, limit ?? 50));
  if (sessionIds) query.sessionIds = sessionIds;
  if (directories) query.directories = directories;
  return { id, op: 'search', args: { query } };
}

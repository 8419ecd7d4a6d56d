// The owner's search engine, served to the other VS Code windows of the same user (remoteEngine.ts): one index per
// user and server, read and written by one process, asked by every window. A Unix domain socket in a folder of its
// own made in the system's temporary folder (mkdtemp: 0700, so no other user can reach or replace the socket; a Unix
// socket's path is too short for an extension's storage folder), or a named pipe of a random name on Windows, and a
// random token: both written to `serve.json` (0600) inside the index folder (0700). The token never crosses the
// socket: each side proves it knows it (an HMAC of the other's nonce), the owner first, so a window never tells its
// queries to a socket that is not its owner's; a connection that has not proved itself within HELLO_MS is closed.
// After that, only reads are answered (a search, the engine's figures): the index changes only by its owner's hand.
// Frames are newline-delimited JSON, a request at most REQUEST_CAP bytes; a search is answered a hit a frame, then a
// frame that ends it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LineFrames, parseFrame } from '../../common/engine/lineFrames';
import type { EngineQuery, EngineRequest } from '../../common/engine/protocol';

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
/** How long a connection may take to prove it knows the token. */
export const HELLO_MS = 5_000;
/** Windows of one user at once, and then some: more connections than this are refused. */
const MAX_CONNECTIONS = 64;

export interface ServeInfo {
  address: string;
  token: string;
  pid: number;
}

/** What the server asks of the engine: its answer to a read. */
export type Answer = (request: EngineRequest) => Promise<unknown>;

/** A socket in a new folder only this user may enter (mkdtemp makes it 0700), or a named pipe on Windows. */
export function socketAddress(): string {
  if (process.platform === 'win32') return `\\\\.\\pipe\\ocs-search-${randomBytes(12).toString('hex')}`;
  return join(mkdtempSync(join(tmpdir(), 'ocs-search-')), 's.sock');
}

/** A fresh nonce for the other side to prove itself on. */
export function nonce(): string {
  return randomBytes(16).toString('hex');
}

/** The proof that `role` knows the token, for the other side's nonce. */
export function proofOf(token: string, role: 'owner' | 'window', theirNonce: string): string {
  return createHmac('sha256', token).update(`${role}\u0000${theirNonce}`).digest('hex');
}

/** A proof checked in constant time (both are hex digests of one length, or it is refused). */
export function proofMatches(given: unknown, token: string, role: 'owner' | 'window', ourNonce: string): boolean {
  if (typeof given !== 'string' || given.length !== 64) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(proofOf(token, role, ourNonce)));
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
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(info.address, () => {
          server.off('error', reject);
          resolve();
        });
      });
      server.on('error', (err) => log(`the shared search index's socket: ${err.message}`));
      const file = join(folder, SERVE_FILE);
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(info), { mode: 0o600 });
      renameSync(temporary, file);
    } catch (err) {
      server.close();
      removeSocketFolder(info.address);
      throw err;
    }
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
    removeSocketFolder(this.info.address);
  }
}

/** The socket's own folder, made for it alone (nothing on Windows: a pipe leaves no file). */
function removeSocketFolder(address: string): void {
  if (process.platform === 'win32') return;
  try {
    rmSync(dirname(address), { recursive: true, force: true });
  } catch {
    // Left for the system's temporary folder cleaning.
  }
}

function serveConnection(socket: Socket, token: string, answer: Answer, log: (message: string) => void): void {
  const frames = new LineFrames(REQUEST_CAP);
  /** Asked: the window sent its nonce and was sent ours; trusted: it proved it knows the token. */
  let state: 'new' | 'asked' | 'trusted' = 'new';
  const ours = nonce();
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
  // Not proved in time: a connection that only holds a place is let go.
  const helloTimer = setTimeout(() => state !== 'trusted' && !refused && refuse('no proof in time'), HELLO_MS);
  helloTimer.unref();
  socket.on('close', () => clearTimeout(helloTimer));
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
      if (state === 'new') {
        // The window's nonce: the owner proves itself first, so a window tells nothing to a socket that is not it.
        const theirs = message?.nonce;
        if (typeof theirs !== 'string' || theirs.length !== 32) {
          refuse('no nonce');
          return;
        }
        state = 'asked';
        send({ proof: proofOf(token, 'owner', theirs), nonce: ours });
        continue;
      }
      if (state === 'asked') {
        if (!message || !proofMatches(message.proof, token, 'window', ours)) {
          refuse('wrong token');
          return;
        }
        state = 'trusted';
        clearTimeout(helloTimer);
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

// A window's way to another window's search engine (indexServer.ts): the folder's owner serves it, this window asks
// it (a search, the engine's figures) and indexes nothing itself, so a second window reads no message page of the
// server. Where to ask and the token are read from serve.json in the index folder; the socket is asked only when it
// and its folder are this user's own and closed to others, and only once it proved it knows the token (the owner
// proves itself first; the token itself never crosses the socket). What the owner sends is read a
// socket chunk at a time (lineFrames.ts: every frame bounded, a search's hits a frame each), so no answer holds
// this thread. When the connection ends (the owner's window closed), `onClose` says so: the indexer takes the
// folder over from what the owner saved.
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { EngineProxy, EngineStoppedError } from '../../common/engine/engineProxy';
import { ANSWER_CAP, HELLO_MS, LIMIT_CAP, SERVE_FILE, nonce, proofMatches, proofOf, type ServeInfo } from './indexServer';
import { FrameTooLargeError, LineFrames, parseFrame } from '../../common/engine/lineFrames';
import type { EngineCalls, EngineHit, EngineOp, IndexFileHeader } from '../../common/engine/protocol';

/** How long a search may wait for the owner's answer: a stuck owner's is given up (the search says so). */
const ANSWER_MS = 30_000;
/** What one search's answer may hold in all (its hits' frames together). */
const ANSWER_TOTAL_CAP = 16 * 1024 * 1024;
/** Questions given up on whose answers may still come (dropped when they do), the newest kept. */
const ABANDONED_KEPT = 256;

interface Pending {
  op: EngineOp;
  hits: EngineHit[];
  limit: number;
  /** Characters of the answer's frames so far. */
  chars: number;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export interface RemoteEngineOptions {
  log?: (message: string) => void;
  /** The connection ended (not by dispose): the owner stopped serving. */
  onClose?: () => void;
}

export class RemoteEngine extends EngineProxy {
  readonly thread = 'shared';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;
  private readonly frames = new LineFrames(ANSWER_CAP);
  /** Questions given up on (no answer in ANSWER_MS): their late frames are dropped, not taken for a broken owner. */
  private readonly abandoned = new Set<number>();

  private constructor(
    private readonly socket: Socket,
    /** The owner's process. */
    readonly ownerPid: number,
    private readonly options: RemoteEngineOptions,
  ) {
    super();
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => this.ended());
    socket.unref();
  }

  /** The engine the folder's owner serves, once it let this window in; none when nobody serves it (or refused). */
  static async connect(folder: string, options: RemoteEngineOptions = {}): Promise<RemoteEngine | undefined> {
    const info = readServeInfo(folder);
    if (!info) return undefined;
    const foreign = foreignSocket(info.address);
    if (foreign !== undefined) {
      // Gone: a serve.json left by an owner that stopped (its successor removes it), said nowhere.
      if (foreign) options.log?.(`the search index's socket is not asked: ${foreign}`);
      return undefined;
    }
    const socket = connect(info.address);
    const frames = new LineFrames(ANSWER_CAP);
    const ours = nonce();
    let proved = false;
    const hello = await new Promise<{ pid: number; rest: string[] } | undefined>((resolve) => {
      const timer = setTimeout(() => done(undefined), HELLO_MS);
      const done = (value: { pid: number; rest: string[] } | undefined) => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('error', onError);
        socket.off('close', onError);
        if (!value) socket.destroy();
        resolve(value);
      };
      const onError = () => done(undefined);
      const onData = (chunk: Buffer) => {
        let received: string[];
        try {
          received = frames.push(chunk);
        } catch {
          return done(undefined);
        }
        for (let i = 0; i < received.length; i++) {
          const message = parseFrame(received[i]);
          if (typeof message?.refused === 'string') {
            options.log?.(`the search index's owner refused this window: ${message.refused}`);
            return done(undefined);
          }
          if (!proved) {
            // The owner proves it knows the token before this window says anything of its own.
            if (!message || !proofMatches(message.proof, info.token, 'owner', ours) || typeof message.nonce !== 'string') {
              options.log?.("the search index's socket did not prove it is the owner's: this window does not ask it.");
              return done(undefined);
            }
            proved = true;
            socket.write(`${JSON.stringify({ proof: proofOf(info.token, 'window', message.nonce.slice(0, 64)) })}\n`);
            continue;
          }
          if (!message || message.hello !== 1 || typeof message.pid !== 'number') return done(undefined);
          return done({ pid: message.pid, rest: received.slice(i + 1) });
        }
      };
      socket.on('data', onData);
      socket.once('error', onError);
      socket.once('close', onError);
      socket.once('connect', () => socket.write(`${JSON.stringify({ nonce: ours })}\n`));
    });
    if (!hello) return undefined;
    return new RemoteEngine(socket, hello.pid, options);
  }

  call<K extends EngineOp>(op: K, args: EngineCalls[K]['args']): Promise<EngineCalls[K]['result']> {
    if (this.closed) return Promise.reject(new EngineStoppedError("the window that keeps this server's search index closed"));
    if (op !== 'search' && op !== 'stats')
      return Promise.reject(new Error(`another window keeps this server's search index: this window does not ${op}`));
    const id = this.nextId++;
    const limit = op === 'search' ? Math.max(1, Math.min(LIMIT_CAP, (args as EngineCalls['search']['args']).query.limit ?? 50)) : 0;
    return new Promise<EngineCalls[K]['result']>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        this.abandon(id);
        if (!this.pending.size) this.socket.unref();
        reject(new Error(`the VS Code window that keeps this server's search index did not answer within ${ANSWER_MS / 1000} s`));
      }, ANSWER_MS);
      timer.unref();
      const settle = () => clearTimeout(timer);
      this.pending.set(id, {
        op,
        hits: [],
        limit,
        chars: 0,
        resolve: (value) => (settle(), resolve(value as EngineCalls[K]['result'])),
        reject: (err) => (settle(), reject(err)),
      });
      this.socket.ref();
      this.socket.write(`${JSON.stringify({ id, op, args })}\n`);
    });
  }

  async dispose(_header?: IndexFileHeader): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rejectAll(new EngineStoppedError('the search engine was stopped'));
    const closed = new Promise((resolve) => this.socket.once('close', resolve));
    this.socket.destroy();
    await closed;
  }

  private received(chunk: Buffer): void {
    let frames: string[];
    try {
      frames = this.frames.push(chunk);
    } catch (err) {
      this.broken(err instanceof FrameTooLargeError ? err.message : String(err));
      return;
    }
    for (const frame of frames) {
      const message = parseFrame(frame);
      const id = typeof message?.id === 'number' ? message.id : undefined;
      const pending = id !== undefined ? this.pending.get(id) : undefined;
      if (id !== undefined && !pending && this.abandoned.has(id)) {
        // The answer to a question given up on: dropped (its end forgets it).
        if (message && !('hit' in message)) this.abandoned.delete(id);
        continue;
      }
      if (!message || !pending || id === undefined) {
        this.broken('an answer to no question');
        return;
      }
      pending.chars += frame.length;
      if (pending.chars > ANSWER_TOTAL_CAP) {
        this.broken('an answer longer than any search gives');
        return;
      }
      if ('hit' in message) {
        if (pending.hits.length >= pending.limit) {
          this.broken('more hits than asked for');
          return;
        }
        if (!isHit(message.hit)) {
          this.broken('a hit of another shape');
          return;
        }
        pending.hits.push(message.hit);
        continue;
      }
      this.pending.delete(id);
      if (!this.pending.size) this.socket.unref();
      if (message.ok !== true)
        pending.reject(new Error(typeof message.error === 'string' ? message.error.slice(0, 500) : 'the search failed'));
      else pending.resolve(pending.op === 'search' ? pending.hits : message.value);
    }
  }

  private abandon(id: number): void {
    this.abandoned.add(id);
    if (this.abandoned.size > ABANDONED_KEPT) this.abandoned.delete(this.abandoned.values().next().value as number);
  }

  /** The owner sent what no owner sends: the connection is ended (this window takes over, or searches alone). */
  private broken(why: string): void {
    this.options.log?.(`the search index's owner sent what it should not (${why}): this window stops asking it.`);
    this.socket.destroy();
  }

  private ended(): void {
    const byUs = this.closed;
    this.closed = true;
    this.rejectAll(new EngineStoppedError("the window that keeps this server's search index closed"));
    if (!byUs) this.options.onClose?.();
  }

  private rejectAll(err: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
  }
}

/** A hit as the pick shows it: its session's id and title, its entry, snippet and ranges, of the types it needs. */
function isHit(value: unknown): value is EngineHit {
  if (!value || typeof value !== 'object') return false;
  const hit = value as Partial<Record<keyof EngineHit, unknown>>;
  const session = hit.session as Record<string, unknown> | undefined;
  const entry = hit.entry as Record<string, unknown> | undefined;
  return (
    !!session &&
    typeof session === 'object' &&
    typeof session.id === 'string' &&
    typeof session.title === 'string' &&
    !!entry &&
    typeof entry === 'object' &&
    typeof hit.snippet === 'string' &&
    Array.isArray(hit.ranges) &&
    typeof hit.time === 'number' &&
    typeof hit.score === 'number'
  );
}

/**
 * Why the socket at `address` is not this user's alone (none when it is; empty when it is gone): it and its folder must
 * be this user's, the folder closed to others, so no other user can have put it there. A named pipe (Windows) is not
 * checked.
 */
function foreignSocket(address: string): string | undefined {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return undefined;
  const uid = process.getuid();
  try {
    const folder = lstatSync(dirname(address));
    if (!folder.isDirectory() || folder.uid !== uid || (folder.mode & 0o077) !== 0) return 'its folder is not this user’s alone';
    const socket = lstatSync(address);
    if (!socket.isSocket() || socket.uid !== uid) return 'it is not this user’s socket';
    return undefined;
  } catch {
    return '';
  }
}

/** Where the owner listens, and its token: none when nobody serves the folder (or the file is not one). */
function readServeInfo(folder: string): ServeInfo | undefined {
  const file = join(folder, SERVE_FILE);
  try {
    if (statSync(file).size > 4096) return undefined;
    const info = parseFrame(readFileSync(file, 'utf8'));
    if (!info || typeof info.address !== 'string' || typeof info.token !== 'string' || typeof info.pid !== 'number') return undefined;
    return { address: info.address, token: info.token, pid: info.pid };
  } catch {
    return undefined;
  }
}

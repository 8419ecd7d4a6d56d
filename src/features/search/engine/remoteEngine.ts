// A window's way to another window's search engine (indexServer.ts): the folder's owner serves it, this window asks
// it (a search, the engine's figures) and indexes nothing itself, so a second window reads no message page of the
// server. Where to ask and the token are read from serve.json in the index folder. What the owner sends is read a
// socket chunk at a time (lineFrames.ts: every frame bounded, a search's hits a frame each), so no answer holds
// this thread. When the connection ends (the owner's window closed), `onClose` says so: the indexer takes the
// folder over from what the owner saved.
import { readFileSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import type { IndexFileHeader } from '../indexFile';
import { EngineProxy, EngineStoppedError } from './engineClient';
import { ANSWER_CAP, LIMIT_CAP, SERVE_FILE, type ServeInfo } from './indexServer';
import { FrameTooLargeError, LineFrames, parseFrame } from './lineFrames';
import type { EngineCalls, EngineHit, EngineOp } from './protocol';

/** How long an owner may take to let this window in (it answers at once unless it is stuck). */
const HELLO_MS = 5_000;
/** How long a search may wait for the owner's answer: a stuck owner's is given up (the search says so). */
const ANSWER_MS = 30_000;

interface Pending {
  op: EngineOp;
  hits: EngineHit[];
  limit: number;
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
    const socket = connect(info.address);
    const frames = new LineFrames(ANSWER_CAP);
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
        if (!received.length) return;
        const first = parseFrame(received[0]);
        if (!first || first.hello !== 1 || typeof first.pid !== 'number') {
          if (typeof first?.refused === 'string') options.log?.(`the search index's owner refused this window: ${first.refused}`);
          return done(undefined);
        }
        done({ pid: first.pid, rest: received.slice(1) });
      };
      socket.on('data', onData);
      socket.once('error', onError);
      socket.once('close', onError);
      socket.once('connect', () => socket.write(`${JSON.stringify({ token: info.token })}\n`));
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
        if (!this.pending.size) this.socket.unref();
        reject(new Error(`the VS Code window that keeps this server's search index did not answer within ${ANSWER_MS / 1000} s`));
      }, ANSWER_MS);
      timer.unref();
      const settle = () => clearTimeout(timer);
      this.pending.set(id, {
        op,
        hits: [],
        limit,
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
      const pending = typeof message?.id === 'number' ? this.pending.get(message.id) : undefined;
      if (!message || !pending) {
        this.broken('an answer to no question');
        return;
      }
      if ('hit' in message) {
        if (pending.hits.length >= pending.limit) {
          this.broken('more hits than asked for');
          return;
        }
        pending.hits.push(message.hit as EngineHit);
        continue;
      }
      this.pending.delete(message.id as number);
      if (!this.pending.size) this.socket.unref();
      if (message.ok !== true) pending.reject(new Error(typeof message.error === 'string' ? message.error : 'the search failed'));
      else pending.resolve(pending.op === 'search' ? pending.hits : message.value);
    }
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

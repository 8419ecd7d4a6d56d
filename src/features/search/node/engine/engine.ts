// The search engine of one server: its ContentIndex, the texts it keeps (in memory, or on disk in the folder it
// was opened on) and its index file, answering the requests of protocol.ts. Whoever hosts it (engineWorker.ts)
// only carries messages: this is where tokenising, indexing, compressing, saving and loading run. Adds, drops and
// saves go one at a time (a page's documents are added a slice at a time, and a save reads the index whole);
// searches and a compaction run beside them, as ContentIndex allows.
import { performance } from 'node:perf_hooks';
import { ContentIndex, type IndexedSession, type Query, type SessionMeta } from '../../common/contentIndex';
import { DiskTexts } from '../diskTexts';
import { loadIndexFile, saveIndexFile } from '../indexFile';
import { MemoryTexts } from '../../common/textStore';
import { IndexServer } from './indexServer';
import { PageReads } from '../../common/engine/serverPages';
import type { TranscriptMessage } from '../../../../store/transcript';
import {
  slimId,
  slimMeta,
  type EngineCalls,
  type EngineHit,
  type EngineQuery,
  type EngineRequest,
  type EngineStats,
  type IndexFileHeader,
  type PageResult,
  type SessionSummary,
} from '../../common/engine/protocol';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class SearchEngine {
  private index = new ContentIndex(new MemoryTexts());
  private folder?: string;
  private lock: Promise<unknown> = Promise.resolve();
  /** Where the user's other windows ask this engine (the folder's owner serves it). */
  private server?: Promise<IndexServer>;
  /** The chunks of a page sent in chunks, held until its last. */
  private pending: TranscriptMessage[] = [];
  /** The pages it reads of the server itself. */
  private readonly reads = new PageReads();

  constructor(private readonly log: (message: string) => void = () => undefined) {}

  /** Answers a request (what it answers is EngineCalls[op]['result']); rejects with what went wrong. */
  handle(request: EngineRequest): Promise<unknown> {
    switch (request.op) {
      case 'search':
        return this.search(request.args.query);
      case 'stats':
        return Promise.resolve(this.stats());
      case 'doneOf': {
        const done = this.index.session(request.args.sessionId)?.done;
        return Promise.resolve(request.args.messageIds.filter((id) => done?.has(slimId(id))));
      }
      case 'server':
        return Promise.resolve(this.reads.setServer(request.args));
      case 'readPage':
        return this.reads.next(request.args.read, request.args.session, request.args.newest);
      case 'endRead':
        return Promise.resolve(this.reads.end(request.args.read));
      case 'compact':
        return this.compact();
      case 'serve':
        return this.serve();
      case 'unserve':
        return this.unserve();
      default:
        return this.locked(() => this.change(request));
    }
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work, work);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async change(request: EngineRequest): Promise<unknown> {
    switch (request.op) {
      case 'open':
        return this.open(request.args.folder);
      case 'addPage': {
        const { sessionCap, chunk } = request.args;
        const meta = slimMeta(request.args.meta);
        let messages = request.args.messages;
        if (chunk) {
          if (chunk.index === 0) this.pending = [];
          const held = this.pending;
          let from = 0;
          const last = held[held.length - 1];
          if (chunk.continues && last && messages.length && messages[0].id === last.id) {
            for (const part of messages[0].parts) last.parts.push(part);
            from = 1;
          }
          for (let i = from; i < messages.length; i++) held.push(messages[i]);
          if (!chunk.last) return undefined;
          messages = held;
          this.pending = [];
        }
        return this.addMessages(meta, messages, sessionCap);
      }
      case 'addRead': {
        const { read, sessionCap, newest } = request.args;
        const page = this.reads.take(read);
        // Newest first (a page is oldest first), so a session's share cuts off only older messages.
        return this.addMessages(slimMeta(request.args.meta), newest === undefined ? page.reverse() : page.slice(-newest), sessionCap);
      }
      case 'touch':
      case 'record': {
        const { updated, capped } = request.args;
        const meta = slimMeta(request.args.meta);
        // A touch never makes a session: one dropped meanwhile (deleted, or past the cap) stays dropped.
        if (request.op === 'touch' && !this.index.session(meta.id)) return undefined;
        const session = this.index.touch(meta);
        if (updated !== undefined) session.updated = updated;
        if (capped !== undefined) session.capped = capped || undefined;
        return summaryOf(session);
      }
      case 'markDone': {
        const session = this.index.session(request.args.sessionId);
        for (const id of session ? request.args.messageIds.map(slimId) : []) {
          session!.done.add(id);
          session!.open.delete(id);
        }
        return undefined;
      }
      case 'drop':
        this.index.drop(request.args.sessionId);
        return undefined;
      case 'enforceCap': {
        const { maxBytes, lastActivity } = request.args;
        const dropped: string[] = [];
        const newestDropped = this.index.enforceCap(
          maxBytes,
          (s) => (Object.hasOwn(lastActivity, s.id) && typeof lastActivity[s.id] === 'number' ? lastActivity[s.id] : s.latest),
          (s) => dropped.push(s.id),
        );
        return { newestDropped, dropped };
      }
      case 'flush':
        return this.index.texts.flush();
      case 'save':
        return this.save(request.args.header);
      default:
        throw new Error(`the search engine has no request ${JSON.stringify((request as { op: unknown }).op)}`);
    }
  }

  private async addMessages(meta: SessionMeta, messages: TranscriptMessage[], sessionCap?: number): Promise<PageResult> {
    const before = this.index.session(meta.id)?.done;
    const doneBefore = before ? messages.filter((m) => before.has(m.id)).map((m) => m.id) : [];
    const added = await this.index.addPage(meta, messages, { yieldTo: nextTurn, sessionCap });
    const session = this.index.session(meta.id);
    return {
      ...added,
      session: session && summaryOf(session),
      done: session ? messages.filter((m) => session.done.has(m.id)).map((m) => m.id) : [],
      doneBefore,
    };
  }

  private async serve(): Promise<string | undefined> {
    const folder = this.folder;
    if (!folder) return undefined;
    this.server ??= IndexServer.start(folder, (request) => this.handle(request), this.log);
    try {
      return (await this.server).info.address;
    } catch (err) {
      this.server = undefined;
      throw err;
    }
  }

  private async unserve(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await (await server?.catch(() => undefined))?.close();
  }

  private async open(folder: string | undefined): Promise<EngineCalls['open']['result']> {
    await this.unserve();
    this.pending = [];
    this.index = new ContentIndex(new MemoryTexts());
    this.folder = undefined;
    if (!folder) return { saved: 'none', sessions: [] };
    this.index = new ContentIndex(await DiskTexts.open(`${folder}/texts`));
    this.folder = folder;
    const loader = ContentIndex.loader(this.index.texts);
    let header: IndexFileHeader | undefined;
    const saved = await loadIndexFile(
      folder,
      (h) => {
        header = h;
        return true;
      },
      (line) => loader.line(line),
    );
    if (!saved) return { saved: 'none', sessions: [] };
    if (saved === 'stale') {
      try {
        this.index.texts.clear();
      } catch (err) {
        this.log(`could not remove the old search texts: ${errorText(err)}`);
      }
      return { saved: 'stale', sessions: [] };
    }
    this.index = loader.finish();
    return { saved: 'loaded', header, sessions: Array.from(this.index.sessions(), summaryOf) };
  }

  private async save(header: IndexFileHeader): Promise<number> {
    const folder = this.folder;
    if (!folder) return 0;
    const index = this.index;
    await index.texts.flush();
    const lines = (function* () {
      yield JSON.stringify(header);
      yield* index.savedLines();
    })();
    return saveIndexFile(folder, lines);
  }

  private async search(query: EngineQuery): Promise<EngineHit[]> {
    const ids = query.sessionIds && new Set(query.sessionIds);
    const directories = query.directories && new Set(query.directories);
    const filter: Query['session'] =
      ids || directories ? (s) => (!ids || ids.has(s.id)) && (!directories || directories.has(s.directory)) : undefined;
    const hits = await this.index.search({ text: query.text, kinds: query.kinds, since: query.since, limit: query.limit, session: filter });
    return hits.map((h) => ({
      session: metaOf(h.session),
      entry: h.entry,
      snippet: h.snippet,
      ranges: h.ranges,
      time: h.time,
      score: h.score,
    }));
  }

  private async compact(): Promise<boolean> {
    if (!this.index.needsCompaction()) return false;
    await this.index.compact(nextTurn);
    return true;
  }

  private stats(): EngineStats {
    const cpu = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.();
    return {
      sessions: this.index.sessionCount,
      documents: this.index.documentCount,
      bytes: this.index.bytes,
      activeMs: performance.eventLoopUtilization().active,
      cpuMs: cpu && (cpu.user + cpu.system) / 1000,
    };
  }
}

/** A session's meta, no key without a value: the same whether a worker's clone or a socket's JSON carries it. */
function metaOf(s: IndexedSession): EngineHit['session'] {
  const meta: EngineHit['session'] = { id: s.id, title: s.title, directory: s.directory, updated: s.updated };
  if (s.parentID !== undefined) meta.parentID = s.parentID;
  return meta;
}

export function summaryOf(s: IndexedSession): SessionSummary {
  return { ...metaOf(s), entries: s.entries, bytes: s.bytes, latest: s.latest, capped: s.capped === true };
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

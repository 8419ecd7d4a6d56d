// A session's message pages read by the engine itself, so their bodies are fetched, parsed and collected where the
// index is (the worker), never on the extension host's thread: the host hands over the server's endpoint (its
// password in that message only, never written or logged) and then asks for a session's pages one at a time
// (`readPages`), deciding from each page's message ids and what indexing it answered whether to read on, as it did
// when it read them itself. The generation's own readers parse each page (they yield, and stand in the scale suite).
import type { ServerApi, SessionAddress } from '../../../../client/serverApi';
import { apiFor } from '../../../../client/connection/detectApi';
import { ServerError } from '../../../../client/transport/serverErrorType';
import { isLoopbackHostname } from '../../../../client/transport/loopback';
import type { TranscriptMessage } from '../../../../store/transcript';
import type { SessionMeta } from '../contentIndex';
import { slimMeta, slimPage, type EngineCalls, type EngineOp, type EngineServer, type PageResult, type ReadPageResult } from './protocol';

/** What the host's side asks of the engine (an EngineProxy). */
interface EngineCaller {
  call<K extends EngineOp>(op: K, args: EngineCalls[K]['args']): Promise<EngineCalls[K]['result']>;
}

interface Read {
  pages: AsyncIterator<TranscriptMessage[]>;
  abort: AbortController;
  /** The page read and not yet indexed. */
  page?: TranscriptMessage[];
}

/** The engine's side: the server handed over, and each read in progress (its page held until indexed). */
export class PageReads {
  private api?: ServerApi;
  /** The server's own API document (OpenCode 2), read once it is handed over: the routes the reads take. */
  private contract: Promise<void> = Promise.resolve();
  private readonly reads = new Map<number, Read>();

  /** Reads begun before go on as they began (a read begun again would start over at the newest page). */
  setServer(server: EngineServer): void {
    const api = apiFor(server.endpoint, server.generation, server.version);
    this.api = api;
    this.contract = api.loadContract(AbortSignal.timeout(30_000)).catch(() => undefined);
  }

  /** Reads the next page of a session's read (begun by its first ask), and holds it for `take`. */
  async next(read: number, session: SessionAddress, newest?: number): Promise<ReadPageResult> {
    let current = this.reads.get(read);
    try {
      if (!current) {
        if (!this.api) throw new Error('the search engine was given no server to read');
        const abort = new AbortController();
        await this.contract;
        current = { pages: this.api.transcriptPages(session, { signal: abort.signal, newest })[Symbol.asyncIterator](), abort };
        this.reads.set(read, current);
      }
      const step = await current.pages.next();
      if (step.done || this.reads.get(read) !== current) {
        this.end(read);
        return { end: true };
      }
      current.page = slimPage(step.value);
      return { end: false, ids: current.page.map((m) => m.id) };
    } catch (err) {
      this.end(read);
      return { failed: err instanceof Error ? err.message : String(err), noRoute: err instanceof ServerError && err.noRoute };
    }
  }

  /** The page the read holds (none once taken, or ended). */
  take(read: number): TranscriptMessage[] {
    const current = this.reads.get(read);
    const page = current?.page ?? [];
    if (current) current.page = undefined;
    return page;
  }

  /** Ends a read: its request is aborted and what it held let go. */
  end(read: number): void {
    const current = this.reads.get(read);
    if (!current) return;
    this.reads.delete(read);
    current.abort.abort();
    void current.pages.return?.().catch(() => undefined);
  }
}

/** A page the engine read: its messages' ids (oldest first), and `add`, which indexes it as addPage does. */
export interface EnginePage {
  ids: string[];
  add(meta: SessionMeta, sessionCap?: number): Promise<PageResult>;
}

let reads = 0;

/**
 * The host's side: a session's pages as the engine reads them, newest page first; `newest`: only that many of its
 * newest messages (added oldest first), else each page is added newest message first. A read the caller leaves, or
 * whose signal aborts, is ended in the engine.
 */
export async function* readPages(
  engine: EngineCaller,
  session: SessionAddress,
  options: { signal?: AbortSignal; newest?: number },
): AsyncGenerator<EnginePage> {
  const read = ++reads;
  const end = () => void engine.call('endRead', { read }).catch(() => undefined);
  options.signal?.addEventListener('abort', end, { once: true });
  try {
    for (;;) {
      // Aborted: thrown, not ended quietly, so that a read cut short is never recorded as read whole.
      options.signal?.throwIfAborted();
      const page = await engine.call('readPage', { read, session, newest: options.newest });
      if ('failed' in page) throw new ServerError('http', page.failed, undefined, page.noRoute);
      if (page.end) return;
      yield {
        ids: page.ids,
        add: (meta, sessionCap) => engine.call('addRead', { read, meta: slimMeta(meta), sessionCap, newest: options.newest }),
      };
    }
  } finally {
    options.signal?.removeEventListener('abort', end);
    end();
  }
}

/**
 * The same pages read on the host, through VS Code's own fetch (its proxy settings and the OS's certificates, which
 * a worker thread's fetch does not have): for a server not on this machine's loopback over plain http
 * (readsOffHost), each page is parsed here and handed to the engine as addPage.
 */
export async function* hostPages(
  engine: { addPage(meta: SessionMeta, messages: readonly TranscriptMessage[], sessionCap?: number): Promise<PageResult> },
  api: ServerApi,
  session: SessionAddress,
  options: { signal?: AbortSignal; newest?: number },
): AsyncGenerator<EnginePage> {
  for await (const page of api.transcriptPages(session, options)) {
    options.signal?.throwIfAborted();
    // Newest first within the page (a page is oldest first), as addRead does: a share cuts off only older messages.
    const messages = options.newest === undefined ? page.slice().reverse() : page.slice(-options.newest);
    yield { ids: page.map((m) => m.id), add: (meta, sessionCap) => engine.addPage(meta, messages, sessionCap) };
  }
}

/** Whether the engine may read a server's pages itself: plain http on this machine's loopback (see hostPages). */
export function readsOffHost(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname);
  } catch {
    return false;
  }
}

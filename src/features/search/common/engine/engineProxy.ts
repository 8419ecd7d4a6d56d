// The engine's requests as async methods, whoever runs it (a worker, this thread, another window's: node/engine/):
// a page is handed over a bounded chunk at a time, one page at a time.
import type { SessionMeta } from '../contentIndex';
import type { TranscriptMessage } from '../../../../store/transcript';
import {
  slimChunks,
  type EngineCalls,
  type EngineHit,
  type EngineOp,
  type EngineQuery,
  type EngineStats,
  type IndexFileHeader,
  type OpenResult,
  type PageResult,
  type SessionSummary,
  slimMeta,
} from './protocol';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class EngineStoppedError extends Error {}

/** The engine's requests as async methods, whoever runs it: a worker (EngineClient) or this thread (LocalEngine). */
export abstract class EngineProxy {
  /** Where the engine runs: its worker thread, the extension host's own, or another window's (shared). */
  abstract readonly thread: 'worker' | 'host' | 'shared';
  abstract call<K extends EngineOp>(op: K, args: EngineCalls[K]['args']): Promise<EngineCalls[K]['result']>;
  /** Saves with `header` when given, then stops the engine; requests after it reject. */
  abstract dispose(header?: IndexFileHeader): Promise<void>;

  /** Starts the engine on `folder` (whose claim the caller holds) or in memory, loading what was saved there. */
  open(folder?: string): Promise<OpenResult> {
    return this.call('open', { folder });
  }

  /** One page's chunks at a time: the engine holds one page's until its last. */
  private pages: Promise<unknown> = Promise.resolve();

  /**
   * Indexes a page (slimmed here: only what entries are made of is copied to the worker), a bounded chunk at a time
   * with a turn of the event loop between: a page of any size never holds this thread long. What it answers is the
   * whole page's.
   */
  addPage(meta: SessionMeta, messages: readonly TranscriptMessage[], sessionCap?: number): Promise<PageResult> {
    const run = this.pages.then(() => this.sendPage(slimMeta(meta), messages, sessionCap));
    this.pages = run.catch(() => undefined);
    return run;
  }

  private async sendPage(meta: SessionMeta, messages: readonly TranscriptMessage[], sessionCap?: number): Promise<PageResult> {
    const chunks = slimChunks(messages);
    let step = chunks.next();
    for (let index = 0; ; index++) {
      if (step.done) throw new Error('a page of no chunk');
      const next = chunks.next();
      const chunk = { index, last: next.done === true, continues: step.value.continues };
      const answer = await this.call('addPage', {
        meta,
        messages: step.value.messages,
        sessionCap,
        ...(index || !chunk.last ? { chunk } : {}),
      });
      if (chunk.last) {
        if (!answer) throw new Error("the search engine did not answer a page's last chunk");
        return answer;
      }
      step = next;
      await nextTurn();
    }
  }

  /** Updates a session's meta (`set` when given); none when the engine does not hold it (a touch makes nothing). */
  touch(meta: SessionMeta, set: { updated?: number; capped?: boolean } = {}): Promise<SessionSummary | undefined> {
    return this.call('touch', { meta: slimMeta(meta), ...set });
  }

  /** As touch, creating the session when the engine does not hold it: a read whole has ended. */
  record(meta: SessionMeta, set: { updated?: number; capped?: boolean } = {}): Promise<SessionSummary> {
    return this.call('record', { meta: slimMeta(meta), ...set });
  }

  markDone(sessionId: string, messageIds: string[]): Promise<void> {
    return this.call('markDone', { sessionId, messageIds });
  }

  doneOf(sessionId: string, messageIds: string[]): Promise<string[]> {
    return this.call('doneOf', { sessionId, messageIds });
  }

  drop(sessionId: string): Promise<void> {
    return this.call('drop', { sessionId });
  }

  enforceCap(maxBytes: number, lastActivity: Record<string, number>): Promise<EngineCalls['enforceCap']['result']> {
    return this.call('enforceCap', { maxBytes, lastActivity });
  }

  search(query: EngineQuery): Promise<EngineHit[]> {
    return this.call('search', { query });
  }

  compact(): Promise<boolean> {
    return this.call('compact', {});
  }

  flush(): Promise<void> {
    return this.call('flush', {});
  }

  save(header: IndexFileHeader): Promise<number> {
    return this.call('save', { header });
  }

  stats(): Promise<EngineStats> {
    return this.call('stats', {});
  }
}

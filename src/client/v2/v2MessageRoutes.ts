// V2's message reads: a session's messages, newest first, a page of 200 at a time (`/api/session/{id}/message`,
// OpenCode 2). 1.18.33's early V2 has no such route: it is read from the session's durable events instead
// (`/history`, gone in 2.x), its steps the `session.next.step.ended` among them.
import type { MessageSink, SessionRef } from '../serverApi';
import { ServerError } from '../serverError';
import type { SessionInfo, StoreEvent } from '../../store/events';
import { addUsage, ZERO_USAGE } from '../../store/usage';
import { readV2History } from './v2History';
import { compactionUsage, readV2Messages } from './v2Messages';
import type { V2Requester } from './v2Request';
import { readV2Page } from './v2Page';
import { readTurnDiff, turnsFromTools, toolsByTurn, turnStarts } from './v2Turns';
import type { Turn } from '../../store/turns';

/** 2.x caps a page of messages at 200 (message.ts: limit 1–200). */
const MESSAGE_PAGE = 200;
const HISTORY_PAGE = 1000;

export class V2MessageRoutes {
  /** The server has no `/message` route (1.18.33): read its event history. */
  private historyOnly = false;
  /** The server diffs no turns (the v2 branch): a turn's changes are what its file tools reported. */
  private noTurnDiffs = false;

  constructor(private readonly request: V2Requester) {}

  /** The newest `limit` messages (the context % and the last reply). */
  async loadRecentMessages(info: SessionRef, sink: MessageSink, limit: number): Promise<void> {
    if (this.historyOnly) return this.loadHistory(info, sink);
    const read = await this.page(info, Math.min(MESSAGE_PAGE, Math.max(1, limit)), undefined, sink);
    if (read) apply(read.events, sink);
  }

  /** Every message, then the compactions' cost (the totals' part no message carries). */
  async loadEveryMessage(info: SessionRef & Partial<Pick<SessionInfo, 'cost' | 'tokens'>>, sink: MessageSink, signal?: AbortSignal) {
    if (this.historyOnly) return this.loadHistory(info, sink, signal);
    let billed = { ...ZERO_USAGE };
    const compactions: Array<{ id: string; created: number }> = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100_000 && !signal?.aborted; page++) {
      const read = await this.page(info, MESSAGE_PAGE, cursor, sink, signal);
      if (!read) return this.loadHistory(info, sink, signal);
      apply(read.events, sink);
      billed = addUsage(billed, read.billed);
      compactions.push(...read.compactions);
      // 2.x answers a cursor even on the last page; an empty or short page, or a cursor that does not move, ends it.
      if (!read.next || read.next === cursor || read.entries < MESSAGE_PAGE) break;
      cursor = read.next;
    }
    if (signal?.aborted) return;
    const compaction = compactionUsage(info, billed, compactions);
    // A compaction seen live has its own step already (its growth, measured then).
    if (!compaction || sink.seenLive(compaction.id)) return;
    const { id, created, usage } = compaction;
    sink.apply({
      type: 'message.assistant',
      info: {
        id,
        sessionID: info.id,
        role: 'assistant',
        summary: true,
        cost: usage.cost,
        tokens: {
          input: usage.input,
          output: usage.output,
          reasoning: usage.reasoning,
          cache: { read: usage.cacheRead, write: usage.cacheWrite },
        },
        time: { created },
      },
    });
    sink.apply({ type: 'step.finished', sessionID: info.id, messageID: id, partID: `${id}:compaction`, usage });
  }

  /** Every turn of the session that changed files, oldest first (v2Turns.ts). */
  async sessionTurns(info: SessionRef, signal?: AbortSignal): Promise<Turn[]> {
    const messages: unknown[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100_000 && !signal?.aborted; page++) {
      const answer = await this.request(`/api/session/${encodeURIComponent(info.id)}/message`, 'Reading messages', {
        query: { limit: MESSAGE_PAGE, cursor },
        signal,
      });
      const read = readV2Page(answer);
      if (!read) throw new ServerError('not-opencode', 'Reading messages: the answer was not a page of messages.');
      messages.push(...read.entries);
      if (!read.next || read.next === cursor || read.entries.length < MESSAGE_PAGE) break;
      cursor = read.next;
    }
    if (this.noTurnDiffs) return turnsFromTools(info.id, messages);
    const turns: Turn[] = [];
    const tools = toolsByTurn(messages);
    for (const start of turnStarts(messages)) {
      let answer: unknown;
      try {
        answer = await this.request(`/api/session/${encodeURIComponent(info.id)}/diff`, 'Reading a turn’s changes', {
          query: { from: start.messageID },
          signal,
        });
      } catch (err) {
        if (!(err instanceof ServerError && err.noRoute)) throw err;
        this.noTurnDiffs = true;
        return turnsFromTools(info.id, messages);
      }
      const files = readTurnDiff(answer);
      if (files?.length)
        turns.push({ sessionID: info.id, messageID: start.messageID, created: start.created, files, tools: tools.get(start.messageID) });
    }
    return turns;
  }

  /** One page; undefined when the server has no `/message` route (then every later read uses the history). */
  private async page(info: SessionRef, limit: number, cursor: string | undefined, sink: MessageSink, signal?: AbortSignal) {
    try {
      const answer = await this.request(`/api/session/${encodeURIComponent(info.id)}/message`, 'Reading messages', {
        query: { limit, cursor },
        signal,
      });
      const read = readV2Messages(answer, info.id, (kind) => sink.malformed?.(kind));
      if (!read) throw new ServerError('not-opencode', 'Reading messages: the answer was not a page of messages.');
      return read;
    } catch (err) {
      if (!(err instanceof ServerError && err.noRoute)) throw err;
      this.historyOnly = true;
      return undefined;
    }
  }

  private async loadHistory(info: SessionRef, sink: MessageSink, signal?: AbortSignal): Promise<void> {
    let after: number | undefined;
    for (let page = 0; page < 100_000 && !signal?.aborted; page++) {
      const answer = await this.request(`/api/session/${encodeURIComponent(info.id)}/history`, 'Reading the session history', {
        query: { limit: HISTORY_PAGE, after },
        signal,
      });
      const read = readV2History(answer, (kind: string) => sink.malformed?.(kind));
      apply(read.events, sink);
      if (!read.hasMore || read.lastSeq === undefined || read.lastSeq === after) break;
      after = read.lastSeq;
    }
  }
}

/** Into the store, except messages the live stream reported already (fetched copies must not overwrite them). */
function apply(events: readonly StoreEvent[], sink: MessageSink): void {
  for (const event of events) if (!(event.type === 'message.assistant' && sink.seenLive(event.info.id))) sink.apply(event);
}

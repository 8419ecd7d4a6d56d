// V2's message reads: a session's durable events, paged; its steps are the
// `session.next.step.ended` among them.
import type { MessageSink } from '../serverApi';
import type { SessionInfo, StoreEvent } from '../../store/events';
import { readV2History } from './v2History';
import type { V2Requester } from './v2Request';

const HISTORY_PAGE = 1000;

export class V2MessageRoutes {
  constructor(private readonly request: V2Requester) {}

  async loadEveryMessage(info: Pick<SessionInfo, 'id' | 'directory'>, sink: MessageSink, signal?: AbortSignal): Promise<void> {
    let after: number | undefined;
    for (let page = 0; page < 100_000 && !signal?.aborted; page++) {
      const answer = await this.request(`/api/session/${encodeURIComponent(info.id)}/history`, 'Reading the session history', {
        query: { limit: HISTORY_PAGE, after },
        signal,
      });
      const read = readV2History(answer, (kind: string) => sink.malformed?.(kind));
      for (const event of read.events) if (!isLiveMessage(event, sink)) sink.apply(event);
      if (!read.hasMore || read.lastSeq === undefined || read.lastSeq === after) break;
      after = read.lastSeq;
    }
  }
}

/** Fetched copies must not overwrite what the live stream already reported. */
function isLiveMessage(event: StoreEvent, sink: MessageSink): boolean {
  return event.type === 'message.assistant' && sink.seenLive(event.info.id);
}

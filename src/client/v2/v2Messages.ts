// A page of `GET /api/session/{id}/message` (OpenCode 2: `{data: [messages], cursor: {previous, next}}`, newest
// first, `limit` 1–200; packages/protocol/src/groups/message.ts of the v2 branch, b6226260, and of 2.x at
// 17dce3a), as the store's events. Recorded from the OpenCode 2 server: an assistant message is one step
// (`{id, type: "assistant", agent, model: {id, providerID}, cost, tokens, finish, time: {created, completed}}`), a
// user message gives its time, and a compaction (`{id, type: "compaction", time, status}`) marks its place. A
// compaction carries no cost: OpenCode adds it to the session's totals only (see compactionUsage).
import type { MalformedListener, SessionInfo, StoreEvent } from '../../store/events';
import { isObject, nonEmptyString } from '../../store/parse';
import { addUsage, usageGrowth, usageOf, ZERO_USAGE, type Usage } from '../../store/usage';
import { finite } from '../wire/sessionInfo';
import { serverTokens } from '../wire/tokens';
import { readV2Page } from './v2Page';
import { stepPartID } from './v2Events';

export interface V2MessagePage {
  events: StoreEvent[];
  /** The assistant messages' usage on this page, summed. */
  billed: Usage;
  /** The page's compactions, by id, with their time. */
  compactions: Array<{ id: string; created: number }>;
  /** How many entries the page held (read or not). */
  entries: number;
  /** The `cursor` for the next (older) page; absent on the last. */
  next?: string;
}

/** One page's messages as store events; undefined when the answer is not a page at all. */
export function readV2Messages(raw: unknown, sessionID: string, malformed?: MalformedListener): V2MessagePage | undefined {
  const page = readV2Page(raw);
  if (!page) return undefined;
  const read: V2MessagePage = { events: [], billed: { ...ZERO_USAGE }, compactions: [], entries: page.entries.length, next: page.next };
  for (const entry of page.entries) {
    const id = isObject(entry) ? nonEmptyString(entry.id) : undefined;
    const created = isObject(entry) && isObject(entry.time) ? finite(entry.time.created) : undefined;
    if (!isObject(entry) || !id || created === undefined) {
      malformed?.('message');
      continue;
    }
    if (entry.type === 'assistant') {
      const usage = usageOf(serverTokens(entry.tokens), typeof entry.cost === 'number' ? entry.cost : undefined);
      read.billed = addUsage(read.billed, usage);
      const model = isObject(entry.model) ? entry.model : {};
      const completed = isObject(entry.time) ? finite(entry.time.completed) : undefined;
      read.events.push({
        type: 'message.assistant',
        info: {
          id,
          sessionID,
          role: 'assistant',
          cost: usage.cost,
          tokens: serverTokens(entry.tokens),
          ...(nonEmptyString(model.id) && { modelID: nonEmptyString(model.id) }),
          ...(nonEmptyString(model.providerID) && { providerID: nonEmptyString(model.providerID) }),
          ...(nonEmptyString(entry.agent) && { agent: nonEmptyString(entry.agent) }),
          time: { created, completed },
        },
      });
      // A message still running has no tokens yet: not a step until it has.
      if (isObject(entry.tokens)) read.events.push({ type: 'step.finished', sessionID, messageID: id, partID: stepPartID(id), usage });
    } else if (entry.type === 'user') {
      read.events.push({ type: 'message.user', sessionID, messageID: id, created });
    } else if (entry.type === 'compaction') {
      read.events.push(
        { type: 'message.user', sessionID, messageID: id, created },
        { type: 'compaction.marked', sessionID, messageID: id },
      );
      read.compactions.push({ id, created });
    }
  }
  return read;
}

/**
 * What the session's compactions cost: OpenCode 2 records it in the session's totals only, so it is what the
 * totals hold beyond every assistant message (`billed`). Given to the newest compaction: when several ran while
 * nothing here watched, their sum shows there. Undefined when the totals are not known or nothing is left over.
 */
export function compactionUsage(
  info: Partial<Pick<SessionInfo, 'cost' | 'tokens'>>,
  billed: Usage,
  compactions: ReadonlyArray<{ id: string; created: number }>,
): { id: string; created: number; usage: Usage } | undefined {
  if (!compactions.length || (info.cost === undefined && info.tokens === undefined)) return undefined;
  const usage = usageGrowth(billed, usageOf(info.tokens, info.cost));
  if (usage.cost + usage.input + usage.output + usage.reasoning + usage.cacheRead + usage.cacheWrite <= 0) return undefined;
  const newest = compactions.reduce((a, b) => (b.created > a.created ? b : a));
  return { ...newest, usage };
}

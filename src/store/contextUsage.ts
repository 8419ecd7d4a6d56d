// How full a session's context window is, computed the way OpenCode's TUI does: the last assistant
// message that produced output, all of its tokens, over the model's context limit.
import type { AssistantUsage } from './sessionRecord';
import { totalTokens } from './usage';

export interface ContextUsage {
  /** input + output + reasoning + cache read + cache write of that message. */
  tokens: number;
  modelID?: string;
  providerID?: string;
  /** The model's `limit.context`, when known. */
  limit?: number;
}

/** The newest assistant message with output (a message still streaming has none yet). */
export function lastContextMessage(messages: Iterable<AssistantUsage>): AssistantUsage | undefined {
  let last: AssistantUsage | undefined;
  for (const m of messages) {
    if (m.usage.output <= 0) continue;
    if (!last || m.created > last.created || (m.created === last.created && m.id > last.id)) last = m;
  }
  return last;
}

export function contextUsage(
  messages: Iterable<AssistantUsage>,
  limitOf: (providerID: string, modelID: string) => number | undefined,
): ContextUsage | undefined {
  const message = lastContextMessage(messages);
  if (!message) return undefined;
  const limit = message.providerID && message.modelID ? limitOf(message.providerID, message.modelID) : undefined;
  return { tokens: totalTokens(message.usage), modelID: message.modelID, providerID: message.providerID, limit };
}

/** The fraction of the window used (0.255 for 25.5 %), or undefined without a usable limit. */
export function contextFraction(context: ContextUsage): number | undefined {
  return context.limit !== undefined && context.limit > 0 ? context.tokens / context.limit : undefined;
}

/** The context-warning setting (a percent) as a fraction, kept within 1–100 %; 90 % when unset or unreadable. */
export function thresholdFraction(percent: unknown): number {
  const value = typeof percent === 'number' && Number.isFinite(percent) ? percent : 90;
  return Math.min(100, Math.max(1, value)) / 100;
}
